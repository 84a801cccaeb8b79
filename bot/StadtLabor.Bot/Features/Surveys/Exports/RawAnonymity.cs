namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>Which grouping columns a wave's raw export keeps (the others become "*") and which answers it keeps: all, or none for a wave under k.</summary>
public sealed record RawPlan(IReadOnlyList<bool> KeptColumns, IReadOnlyList<bool> KeptRows)
{
    public int Dropped => KeptRows.Count(k => !k);
}

/// <summary>
/// The anonymity of the research partner's raw export, per wave, free of the database so the property tests can feed
/// it anything. With k = Privacy:MinGroupSize, every combination of the grouping columns the export shows occurs at
/// least k times, and it gets there only by generalising columns (the whole column becomes "*"), never by leaving
/// answers out: the chat shows figures computed on all answers, so any answer missing from the export could be worked
/// out from the difference between a chat figure and the export, and combinations of several chat figures (found by
/// the attacker property test) defeat any per-figure check of such differences. Of the column choices that need no
/// answer left out, the one keeping the most columns wins (keeping none always works). A wave under k exports nothing.
/// </summary>
public static class RawAnonymity
{
    /// <summary>At most four declared breakdowns: 16 choices of columns, each checked in full.</summary>
    public const int MaxColumns = SurveyLimits.MaxBreakdowns;

    public static RawPlan Plan(IReadOnlyList<IReadOnlyList<int?>> groups, int columns, int k)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MaxColumns);
        var n = groups.Count;
        if (n < k) return new RawPlan(new bool[columns], new bool[n]);

        // Every subset of the columns, most columns first; the first whose combinations all reach k wins.
        foreach (var mask in Enumerable.Range(0, 1 << columns).OrderByDescending(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m))
        {
            var kept = Enumerable.Range(0, columns).Select(c => (mask & (1 << c)) != 0).ToArray();
            var keptRows = KeptRows(groups, kept, k);
            if (keptRows.All(x => x)) return new RawPlan(kept, keptRows);
        }
        throw new InvalidOperationException("keeping no grouping column always keeps every answer of a wave of k or more");
    }

    /// <summary>The answers whose combination of the kept columns occurs at least k times.</summary>
    public static bool[] KeptRows(IReadOnlyList<IReadOnlyList<int?>> groups, IReadOnlyList<bool> kept, int k)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(kept);
        var keys = groups.Select(g => Key(g, kept)).ToList();
        var counts = keys.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        return [.. keys.Select(key => counts[key] >= k)];
    }

    /// <summary>The combination as the export shows it: the kept columns' answers, "*" for the others.</summary>
    public static string Key(IReadOnlyList<int?> groups, IReadOnlyList<bool> kept)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(kept);
        return string.Join('|', kept.Select((k, c) => !k ? "*" : groups[c] is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"));
    }

    /// <summary>The order of the export: random, so nothing follows the order the answers were stored or given in.</summary>
    public static IReadOnlyList<T> Shuffle<T>(IEnumerable<T> items, Random random)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(random);
        var list = items.ToArray();
        random.Shuffle(list);
        return list;
    }
}
