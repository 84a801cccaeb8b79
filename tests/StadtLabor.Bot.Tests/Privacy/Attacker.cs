namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>
/// The independent attacker: for every shown figure, subtracts every family of shown figures inside it that do not
/// overlap (that is what "total minus shown parts" and "one figure minus another" can do), and reports what the
/// rest is about. Also checks that each shown number really counts the people it claims, so no decision can hide a
/// small group inside a wrong number.
/// </summary>
public static class Attacker
{
    public static void Check(IReadOnlyList<(int Shown, HashSet<int> People)> figures, int k)
    {
        ArgumentNullException.ThrowIfNull(figures);
        foreach (var (shown, people) in figures)
        {
            Assert.Equal(people.Count, shown);
            Assert.True(shown >= k, $"a figure about {shown} people (k = {k})");
        }
        var distinct = figures.Select(f => f.People).DistinctBy(p => string.Join(",", p.Order())).ToList();
        foreach (var whole in distinct)
        {
            var inside = distinct.Where(p => p.IsProperSubsetOf(whole)).ToList();
            Subtract(whole.Count, [], 0);

            void Subtract(int rest, List<HashSet<int>> taken, int from)
            {
                if (taken.Count > 0)
                    Assert.False(rest is > 0 && rest < k, $"{whole.Count} minus {string.Join(" and ", taken.Select(t => t.Count))} leaves {rest} people (k = {k})");
                for (var i = from; i < inside.Count; i++)
                {
                    if (taken.Any(t => t.Overlaps(inside[i]))) continue;
                    taken.Add(inside[i]);
                    Subtract(rest - inside[i].Count, taken, i + 1);
                    taken.RemoveAt(taken.Count - 1);
                }
            }
        }
    }
}
