using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Privacy.SmallGroups;

/// <summary>How a group's own figure relates to its parts.</summary>
public enum TotalRule
{
    /// <summary>The figure covers the whole group; parts that may not be shown are protected by hiding more parts.</summary>
    Complete,

    /// <summary>The figure is built only from the parts that pass on their own, so nothing hidden is inside it.</summary>
    FromPassingParts,
}

/// <summary>Why a figure is not shown.</summary>
public enum Withheld
{
    None,

    /// <summary>Fewer people than the threshold (also none at all).</summary>
    TooFew,

    /// <summary>Enough people, but shown it would let someone subtract their way to a group that is too small.</summary>
    Complementary,

    /// <summary>Inside a group that is withheld itself.</summary>
    InsideWithheld,
}

/// <summary>
/// A group of people in a table of figures: how many answered, the sum of their scores (for a mean; 0 when there is
/// none) and the parts it splits into (disjoint; together at most the whole, the rest counts as not shown).
/// </summary>
public sealed record Group(string Key, int People, double ScoreSum = 0, IReadOnlyList<Group>? Parts = null, TotalRule Total = TotalRule.Complete);

/// <summary>
/// The decision about one group. Shown: <see cref="People"/> (and <see cref="Mean"/> when the group had scores) are the
/// figures to print; <see cref="FromParts"/> names the parts inside them when the total was built from passing parts
/// only. Withheld: no number at all, only the reason.
/// </summary>
public sealed record Figure(string Key, Withheld Why, int? People, double? Mean, IReadOnlyList<string> FromParts)
{
    public bool Shown => Why == Withheld.None;
}

/// <summary>A group of written answers (free text): its own texts and its parts, like <see cref="Group"/>.</summary>
public sealed record TextGroup(string Key, IReadOnlyList<string> Texts, IReadOnlyList<TextGroup>? Parts = null);

/// <summary>Texts of a group that may be shown (in a fixed order that says nothing about who wrote first), or why not.</summary>
public sealed record TextFigure(string Key, Withheld Why, IReadOnlyList<string> Texts)
{
    public bool Shown => Why == Withheld.None;
}

/// <summary>
/// The one place that decides which figures about people may be shown: counts, means, shares and free text, for
/// training feedback now and for surveys, ideas and digests later (pages and exports use it too).
///
/// The rule, with k = Privacy:MinGroupSize (free text: Privacy:MinFreeTextSize):
/// 1. A figure is shown only when it is about at least k people. Below that there is no number at all, not even
///    "3 of 5": the card says "fewer than k".
/// 2. Subtraction must not undo rule 1. In a table a shown total minus its shown parts is the figure of the hidden
///    parts together; so for every shown group, the people it holds that are in no shown part must be none or at least
///    k. If they are 1 to k-1, the smallest shown part is hidden as well (complementary suppression) until the rest is
///    safe — or, with <see cref="TotalRule.FromPassingParts"/>, the total is built from the passing parts only and so
///    hides nothing. Everything inside a withheld group is withheld too (else group minus a shown part of a hidden
///    sibling would open the hidden one).
/// Because every shown group's unexplained rest is 0 or ≥ k and shown groups are ≥ k, any difference of a shown
/// figure and shown figures inside it is a sum of such pieces: 0 or ≥ k people. A mean is shown exactly when its count
/// is, so a sum of scores obeys the same arithmetic.
/// Not covered (documented in the README): means close to the ends of a scale (6 answers averaging 4.8 can only be
/// five 5s and one 4), and figures compared over time as answers arrive.
/// Decisions are made on the whole table every time, so the same group gets the same decision whichever card asks.
/// </summary>
public sealed class SmallGroups(IOptions<PrivacyOptions> options)
{
    public int MinGroupSize => options.Value.MinGroupSize;

    public int MinFreeTextSize => options.Value.MinFreeTextSize;

    /// <summary>Counts and means of a table (a group with its parts, their parts, ...), each group keyed by its key.</summary>
    public IReadOnlyDictionary<string, Figure> Figures(Group table) => Decide(table, MinGroupSize);

    /// <summary>Free text of a table: the same rule with the free-text threshold, counted in texts.</summary>
    public IReadOnlyDictionary<string, TextFigure> Texts(TextGroup table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var decided = Decide(AsCounts(table), MinFreeTextSize);
        var result = new Dictionary<string, TextFigure>(StringComparer.Ordinal);
        Collect(table);
        return result;

        void Collect(TextGroup g)
        {
            var why = decided[g.Key].Why;
            result[g.Key] = new TextFigure(g.Key, why, why == Withheld.None ? [.. AllTexts(g).Order(StringComparer.Ordinal)] : []);
            foreach (var part in g.Parts ?? []) Collect(part);
        }
    }

    /// <summary>Share of a part in a group, in percent, when both are shown (with a total from passing parts: of that total).</summary>
    public static double? Share(IReadOnlyDictionary<string, Figure> figures, string partKey, string groupKey)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return figures[partKey] is { Shown: true, People: { } part } && figures[groupKey] is { Shown: true, People: > 0 and var group }
            ? 100.0 * part / group
            : null;
    }

    /// <summary>The rule above for any threshold; public for the tests and for features with their own threshold.</summary>
    public static IReadOnlyDictionary<string, Figure> Decide(Group table, int threshold)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var result = new Dictionary<string, Figure>(StringComparer.Ordinal);
        Visit(table, Passes(table, threshold) ? Withheld.None : Withheld.TooFew);
        return result;

        void Visit(Group g, Withheld why)
        {
            Check(g);
            if (result.ContainsKey(g.Key)) throw new ArgumentException($"The key '{g.Key}' is used twice in one table.", nameof(table));
            var parts = g.Parts ?? [];
            if (why != Withheld.None)
            {
                result[g.Key] = new Figure(g.Key, why, null, null, []);
                foreach (var part in parts) Visit(part, Withheld.InsideWithheld);
                return;
            }

            var shown = parts.Where(p => Passes(p, threshold)).ToList();
            if (g.Total == TotalRule.Complete)
            {
                // The people of g that no shown part explains: someone can compute their figure as g minus the parts.
                while (shown.Count > 0 && g.People - shown.Sum(p => Value(p, threshold).People) is var rest && rest > 0 && rest < threshold)
                    shown.Remove(shown.OrderBy(p => Value(p, threshold).People).ThenBy(p => p.Key, StringComparer.Ordinal).First());
                result[g.Key] = new Figure(g.Key, Withheld.None, g.People, g.People > 0 ? g.ScoreSum / g.People : null, []);
            }
            else
            {
                var (people, sum) = Value(g, threshold);
                result[g.Key] = new Figure(g.Key, Withheld.None, people, sum / people, [.. shown.Select(p => p.Key)]);
            }
            foreach (var part in parts)
                Visit(part, shown.Contains(part) ? Withheld.None : Passes(part, threshold) ? Withheld.Complementary : Withheld.TooFew);
        }
    }

    /// <summary>What a group's figure would count if shown: all of it, or only its passing parts.</summary>
    private static (int People, double Sum) Value(Group g, int threshold)
    {
        if (g.Total == TotalRule.Complete) return (g.People, g.ScoreSum);
        var passing = (g.Parts ?? []).Where(p => Passes(p, threshold)).Select(p => Value(p, threshold)).ToList();
        return (passing.Sum(v => v.People), passing.Sum(v => v.Sum));
    }

    private static bool Passes(Group g, int threshold) => Value(g, threshold).People >= threshold;

    private static void Check(Group g)
    {
        if (g.People < 0) throw new ArgumentException($"Group '{g.Key}' has a negative count.", nameof(g));
        if ((g.Parts ?? []).Sum(p => p.People) > g.People)
            throw new ArgumentException($"The parts of group '{g.Key}' hold more people than the group.", nameof(g));
    }

    private static Group AsCounts(TextGroup g) =>
        new(g.Key, AllTexts(g).Count(), 0, g.Parts is null ? null : [.. g.Parts.Select(AsCounts)]);

    private static IEnumerable<string> AllTexts(TextGroup g) => g.Texts.Concat((g.Parts ?? []).SelectMany(AllTexts));
}
