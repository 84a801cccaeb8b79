using System.Globalization;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Records;

/// <summary>
/// The attacker's analysis of a dump: every order in which people appear (per table: physical order, every id and
/// time column, PostgreSQL's xmin; and the order in which they answered, as someone who saw the Teams chats would know
/// it) laid against every order in which answers appear (physical order, ids, xmin, time columns), forwards and
/// backwards. A strategy links person i to the i-th answer; its score is how many of those links are right.
/// </summary>
public static class LinkAttack
{
    public sealed record Order(string Name, IReadOnlyList<string> Keys);

    public sealed record Strategy(string People, string Answers, bool Reversed, int Correct);

    /// <summary>The people's identifiers as they may appear in any column: object id, Teams id, and their chats' conversation ids.</summary>
    public static Dictionary<string, HashSet<string>> Identifiers(IEnumerable<DumpedTable> dump, IEnumerable<(string Key, string AadObjectId, string TeamsId)> people)
    {
        var ids = people.ToDictionary(p => p.Key, p => new HashSet<string>(StringComparer.Ordinal) { p.AadObjectId, p.TeamsId });
        foreach (var row in dump.Where(t => t.Name == "installations").SelectMany(t => t.Rows))
        {
            var owner = Owner(row, ids);
            if (owner is not null && row.TryGetValue("ConversationId", out var conversation) && conversation is not null)
                ids[owner].Add(DatabaseDump.Text(conversation));
        }
        return ids;
    }

    /// <summary>Every order of people the dump offers (outside the answer tables), reduced to <paramref name="answered"/>.</summary>
    public static IEnumerable<Order> PeopleOrders(IEnumerable<DumpedTable> dump, Dictionary<string, HashSet<string>> ids, ISet<string> answered)
    {
        foreach (var table in dump)
        {
            var owned = table.Rows.Select(r => (Row: r, Owner: Owner(r, ids))).Where(x => x.Owner is not null && answered.Contains(x.Owner)).ToList();
            if (owned.Count == 0) continue;
            foreach (var order in Orders(table.Name, owned.Select(x => (x.Row, x.Owner!)).ToList())) yield return order;
        }
    }

    /// <summary>Every order of the answers in this table: rows keyed by <paramref name="keyColumn"/> (the answer's id).</summary>
    public static IEnumerable<Order> AnswerOrders(string name, IEnumerable<IReadOnlyDictionary<string, object?>> rows, string keyColumn) =>
        Orders(name, rows.Select(r => (r, DatabaseDump.Text(r[keyColumn]))).ToList());

    /// <summary>Physical order, then the order by each column that can order (numbers, times, ids, xmin).</summary>
    private static IEnumerable<Order> Orders(string table, List<(IReadOnlyDictionary<string, object?> Row, string Key)> rows)
    {
        yield return new Order(table + " physical", Distinct(rows.Select(r => r.Key)));
        foreach (var column in rows[0].Row.Keys.Where(c => c != DatabaseDump.Position))
        {
            var values = rows.Select(r => r.Row[column]).ToList();
            if (values.Distinct().Count() < 2) continue;
            IComparer<object?> comparer = values.All(v => v is null || Number(v) is not null) ? new ByNumber() : new ByText();
            yield return new Order($"{table} by {column}", Distinct(rows.OrderBy(r => r.Row[column], comparer).Select(r => r.Key)));
        }
    }

    /// <summary>Person i to answer i, for every pair of orders, forwards and backwards; the score against the truth.</summary>
    public static IReadOnlyList<Strategy> Try(IEnumerable<Order> people, IReadOnlyList<Order> answers, IReadOnlyDictionary<string, string> truth)
    {
        var results = new List<Strategy>();
        foreach (var p in people)
        {
            foreach (var a in answers)
            {
                results.Add(new Strategy(p.Name, a.Name, false, Score(p.Keys, a.Keys, truth)));
                results.Add(new Strategy(p.Name, a.Name, true, Score([.. p.Keys.Reverse()], [.. a.Keys.Reverse()], truth)));
            }
        }
        return results;
    }

    private static int Score(IReadOnlyList<string> people, IReadOnlyList<string> answers, IReadOnlyDictionary<string, string> truth) =>
        Enumerable.Range(0, Math.Min(people.Count, answers.Count)).Count(i => truth.GetValueOrDefault(answers[i]) == people[i]);

    /// <summary>
    /// The most links a strategy may find by chance: with n people and no information, each link is right with
    /// probability 1/n, so a strategy's hits are Binomial(n, 1/n) (mean 1). With s strategies tried, the bound b is the
    /// smallest with s · P(X &gt; b) ≤ 1e-4: the test fails by bad luck less than once in 10,000 runs.
    /// </summary>
    public static int ChanceBound(int n, int strategies)
    {
        var p = 1.0 / n;
        for (var b = 0; b <= n; b++)
        {
            var tail = 0.0;
            for (var k = b + 1; k <= n; k++) tail += Binomial(n, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
            if (strategies * tail <= 1e-4) return b;
        }
        return n;
    }

    private static double Binomial(int n, int k)
    {
        var r = 1.0;
        for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    private static string? Owner(IReadOnlyDictionary<string, object?> row, Dictionary<string, HashSet<string>> ids)
    {
        string? owner = null;
        foreach (var value in row.Values)
        {
            if (value is null) continue;
            var text = DatabaseDump.Text(value);
            foreach (var (key, names) in ids)
            {
                if (!names.Any(n => text.Contains(n, StringComparison.Ordinal))) continue;
                if (owner is not null && owner != key) return null;
                owner = key;
            }
        }
        return owner;
    }

    private static List<string> Distinct(IEnumerable<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. keys.Where(seen.Add)];
    }

    private static decimal? Number(object? v) => v switch
    {
        null => null,
        bool => null,
        DateTime d => d.Ticks,
        IConvertible c when decimal.TryParse(c.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
        _ => null,
    };

    private sealed class ByNumber : IComparer<object?>
    {
        public int Compare(object? x, object? y) => Nullable.Compare(Number(x), Number(y));
    }

    private sealed class ByText : IComparer<object?>
    {
        public int Compare(object? x, object? y) => string.CompareOrdinal(DatabaseDump.Text(x), DatabaseDump.Text(y));
    }
}
