namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// A figure the chat shows about a wave (a group's count, an answer's count), as the answers it counts (indices into
/// the wave's answers), with the shown figures that split it (disjoint). Its rest, the answers in no shown part, is
/// derivable as the figure minus its parts.
/// </summary>
public sealed record ShownPiece(IReadOnlyList<int> Rows, IReadOnlyList<IReadOnlyList<int>> Parts);

/// <summary>Which grouping columns a wave's raw export keeps (the others become "*") and which answers it keeps.</summary>
public sealed record RawPlan(IReadOnlyList<bool> KeptColumns, IReadOnlyList<bool> KeptRows)
{
    public int Dropped => KeptRows.Count(k => !k);
}

/// <summary>
/// The anonymity of the research partner's raw export, per wave, free of the database so the property tests can feed
/// it anything. Two rules, with k = Privacy:MinGroupSize:
/// 1. k-anonymity on the grouping answers: every combination of the grouping columns the export shows occurs at least
///    k times. Columns are generalised (the whole column becomes "*"), then answers of combinations still under k are
///    left out.
/// 2. The difference rule: the chat shows figures computed on ALL answers, so a shown figure minus the export's
///    answers inside it is the left-out answers inside it. For every shown figure, each shown part of it and its
///    derivable rest, the left-out answers inside must be none or at least k; else that choice of columns is refused.
///    (Keeping no grouping column leaves nothing out, so there is always a safe choice.)
/// Of the safe choices the one that keeps the most cells wins: kept answers × (kept grouping columns + other
/// columns); so leaving out an answer costs all its answers, not just its groups. A wave under k exports nothing.
/// </summary>
public static class RawAnonymity
{
    /// <summary>At most four declared breakdowns: 16 choices of columns, each checked in full.</summary>
    public const int MaxColumns = SurveyLimits.MaxBreakdowns;

    public static RawPlan Plan(IReadOnlyList<IReadOnlyList<int?>> groups, int columns, IReadOnlyList<ShownPiece> pieces, int k, int otherColumns)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MaxColumns);
        var n = groups.Count;
        if (n < k) return new RawPlan(new bool[columns], new bool[n]);

        RawPlan? best = null;
        long bestScore = -1;
        // Every subset of the columns, most columns first, so ties keep more columns.
        foreach (var mask in Enumerable.Range(0, 1 << columns).OrderByDescending(m => System.Numerics.BitOperations.PopCount((uint)m)).ThenBy(m => m))
        {
            var kept = Enumerable.Range(0, columns).Select(c => (mask & (1 << c)) != 0).ToArray();
            var keptRows = KeptRows(groups, kept, k);
            if (!Safe(keptRows, pieces, k)) continue;
            var rows = keptRows.Count(x => x);
            var score = (long)rows * (System.Numerics.BitOperations.PopCount((uint)mask) + otherColumns);
            if (score > bestScore || (score == bestScore && rows > best!.KeptRows.Count(x => x)))
            {
                best = new RawPlan(kept, keptRows);
                bestScore = score;
            }
        }
        return best!;
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

    /// <summary>Rule 2: in every shown figure, its shown parts and its rest, the left-out answers are 0 or at least k.</summary>
    public static bool Safe(IReadOnlyList<bool> keptRows, IReadOnlyList<ShownPiece> pieces, int k)
    {
        ArgumentNullException.ThrowIfNull(keptRows);
        ArgumentNullException.ThrowIfNull(pieces);
        if (keptRows.All(x => x)) return true;
        bool Ok(int dropped) => dropped == 0 || dropped >= k;
        int Dropped(IReadOnlyList<int> rows) => rows.Count(r => !keptRows[r]);
        foreach (var piece in pieces)
        {
            var whole = Dropped(piece.Rows);
            if (!Ok(whole)) return false;
            var inParts = 0;
            foreach (var part in piece.Parts)
            {
                var d = Dropped(part);
                if (!Ok(d)) return false;
                inParts += d;
            }
            if (!Ok(whole - inParts)) return false;
        }
        return true;
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
