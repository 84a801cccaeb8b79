using System.Globalization;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// Turns a question's counted answers into the figures a card may show: builds the table (answer categories × groups
/// of the breakdown) and lets <see cref="CrossTables"/> (with a breakdown) or <see cref="SmallGroups"/> (without)
/// decide. Kept free of the database so the property tests can feed it any counts.
/// A breakdown question shown by a breakdown shows only its margins (see the comment there).
/// Categories: the options (single choice), 1..5 (scale), each whole number of a range up to 11 values or five equal
/// bands of a wider one (number). Multiple choice: one yes/no table per option (its people: who ticked it).
/// </summary>
public static class QuestionTable
{
    public const string OverallKey = "all";

    public static string GroupKey(int? group) => group is { } g ? "group:" + g.ToString(CultureInfo.InvariantCulture) : "group:none";

    /// <param name="severalBreakdowns">The survey declares more than one breakdown: then the same people are shown in
    /// tables by each, and cells withheld differently in two of them can be combined (the property tests found such
    /// sets of 1 to 3 people). So each table shows its cells only when none needs withholding (the blunt rule of
    /// <see cref="CrossTables.NoAudit"/>); with a single breakdown the audited rule shows as much as is safe.</param>
    public static QuestionFigures Decide(SurveyQuestion q, IReadOnlyList<CountedAnswer> answers, IReadOnlyList<string> groupLabels, bool byGroup, SmallGroups smallGroups,
        bool severalBreakdowns = true)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(groupLabels);
        ArgumentNullException.ThrowIfNull(smallGroups);
        var k = smallGroups.MinGroupSize;
        // Columns: the breakdown's options, plus "no group" when answers without one exist (should not: the question is required).
        var groups = byGroup
            ? [.. Enumerable.Range(0, groupLabels.Count).Select(i => (int?)i), .. answers.Any(a => a.Group is null || a.Group >= groupLabels.Count) ? new int?[] { null } : []]
            : new List<int?> { null };
        int Column(int? g) => byGroup ? (g is { } x && x < groupLabels.Count ? x : groups.Count - 1) : 0;
        string Label(int? g) => g is { } x && x < groupLabels.Count ? groupLabels[x] : "";

        var budget = severalBreakdowns ? CrossTables.NoAudit : CrossTables.AuditBudget;
        if (q.Kind == QuestionKind.MultipleChoice) return MultipleChoice(q, answers, groups, Column, Label, byGroup, k, budget);

        var categories = Categories(q);
        var cells = new int[categories.Count, groups.Count];
        var scores = new double[groups.Count];
        foreach (var a in answers)
        {
            var row = Category(q, a, categories.Count);
            if (row < 0) continue;
            cells[row, Column(a.Group)] += a.People;
            scores[Column(a.Group)] += a.People * Score(q, a);
        }
        var hasMean = q.Kind is QuestionKind.Scale or QuestionKind.Number;
        var table = new CrossTable(categories, [.. groups.Select(GroupKey)], cells, hasMean ? scores : null);
        var decision = CrossTables.Decide(table, k, budget);
        if (q.IsBreakdown && byGroup)
        {
            // A breakdown by another breakdown crosses two groupings of the same people. With that cross, any other
            // question by each of the two breakdowns would let the three two-way tables be solved for sets of a few
            // people (the classic three-way table known by its two-way margins), even when each table is safe on its
            // own. So only its margins stand: the groups' sizes, shown anyway by every question.
            var inner = new Figure[categories.Count, groups.Count];
            for (var r = 0; r < categories.Count; r++)
                for (var c = 0; c < groups.Count; c++)
                    inner[r, c] = new Figure(CrossTables.CellKey(r, c), decision.ColumnTotals[c].Shown ? Withheld.Complementary : Withheld.InsideWithheld, null, null, []);
            decision = decision with { Cells = inner };
        }

        var overall = new GroupFigures(OverallKey, "", decision.Total.Why, decision.Total.People, hasMean ? decision.Total.Mean : null,
            [.. categories.Select((label, r) => Option(label, decision.RowTotals[r], decision.Total))]);
        if (!byGroup) return new QuestionFigures(q, overall, [], null);
        var perGroup = groups.Select((g, c) =>
        {
            var column = decision.ColumnTotals[c];
            return new GroupFigures(GroupKey(g), Label(g), column.Why, column.People, hasMean ? column.Mean : null,
                [.. categories.Select((label, r) => Option(label, decision.Cells[r, c], column))]);
        }).ToList();
        return new QuestionFigures(q, overall, perGroup, null);
    }

    private static QuestionFigures MultipleChoice(SurveyQuestion q, IReadOnlyList<CountedAnswer> answers, List<int?> groups,
        Func<int?, int> column, Func<int?, string> label, bool byGroup, int k, int budget)
    {
        var options = q.OptionList();
        var people = new int[groups.Count];
        foreach (var a in answers) people[column(a.Group)] += a.People;
        // One yes/no table per option: ticked it, did not.
        var decisions = options.Select((_, o) =>
        {
            var cells = new int[2, groups.Count];
            foreach (var a in answers)
            {
                var ticked = a.Choice is { } mask && (mask & (1 << o)) != 0;
                cells[ticked ? 0 : 1, column(a.Group)] += a.People;
            }
            return CrossTables.Decide(new CrossTable(["yes", "no"], [.. groups.Select(GroupKey)], cells), k, budget);
        }).ToList();
        var total = decisions.Count > 0 ? decisions[0].Total : SmallGroups.Decide(new Group("total", people.Sum()), k)["total"];
        var overall = new GroupFigures(OverallKey, "", total.Why, total.People, null,
            [.. options.Select((o, i) => Option(o, decisions[i].RowTotals[0], total))]);
        if (!byGroup) return new QuestionFigures(q, overall, [], null);
        var perGroup = groups.Select((g, c) =>
        {
            var col = decisions.Count > 0 ? decisions[0].ColumnTotals[c] : total;
            return new GroupFigures(GroupKey(g), label(g), col.Why, col.People, null,
                [.. options.Select((o, i) => Option(o, decisions[i].Cells[0, c], col))]);
        }).ToList();
        return new QuestionFigures(q, overall, perGroup, null);
    }

    private static OptionFigure Option(string label, Figure cell, Figure group) =>
        cell.Shown && group is { Shown: true, People: > 0 and var n }
            ? new OptionFigure(label, Withheld.None, cell.People, 100.0 * cell.People!.Value / n)
            : new OptionFigure(label, cell.Shown ? Withheld.InsideWithheld : cell.Why, null, null);

    /// <summary>The answer categories (rows) of a question, as labels.</summary>
    public static IReadOnlyList<string> Categories(SurveyQuestion q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return q.Kind switch
        {
            QuestionKind.SingleChoice or QuestionKind.MultipleChoice => q.OptionList(),
            QuestionKind.Scale => ["1", "2", "3", "4", "5"],
            QuestionKind.Number => NumberBands(q).Select(b => b.From == b.To ? b.From.ToString(CultureInfo.InvariantCulture) : $"{b.From}–{b.To}").ToList(),
            _ => [],
        };
    }

    /// <summary>Each value of a range up to 11 values, or five equal bands of a wider one.</summary>
    public static IReadOnlyList<(int From, int To)> NumberBands(SurveyQuestion q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var min = q.Min ?? 0;
        var max = Math.Max(q.Max ?? min + 10, min);
        if (max - min <= 10) return [.. Enumerable.Range(min, max - min + 1).Select(v => (v, v))];
        var width = (int)Math.Ceiling((max - min + 1) / 5.0);
        return [.. Enumerable.Range(0, 5).Select(i => (min + i * width, Math.Min(max, min + (i + 1) * width - 1))).Where(b => b.Item1 <= max)];
    }

    private static int Category(SurveyQuestion q, CountedAnswer a, int count)
    {
        switch (q.Kind)
        {
            case QuestionKind.SingleChoice:
                return a.Choice is { } c && c >= 0 && c < count ? c : -1;
            case QuestionKind.Scale:
                return a.Choice is { } s && s is >= 1 and <= 5 ? s - 1 : -1;
            case QuestionKind.Number:
                if (a.Number is not { } n) return -1;
                var bands = NumberBands(q);
                for (var i = 0; i < bands.Count; i++) if (n >= bands[i].From && n <= bands[i].To) return i;
                return -1;
            default:
                return -1;
        }
    }

    private static double Score(SurveyQuestion q, CountedAnswer a) => q.Kind switch
    {
        QuestionKind.Scale => a.Choice ?? 0,
        QuestionKind.Number => a.Number ?? 0,
        _ => 0,
    };
}
