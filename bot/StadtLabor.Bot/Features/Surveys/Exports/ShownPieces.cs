namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>One answer to one question as the raw export reads it (<see cref="SurveyValue"/> without its keys).</summary>
public sealed record RawValue(int? Choice, int? Number, string? Text);

/// <summary>One filled answer of a wave: the grouping answers (per declared breakdown, in slot order) and every value by question id.</summary>
public sealed record RawAnswer(IReadOnlyList<int?> Groups, IReadOnlyDictionary<long, RawValue> Values);

/// <summary>
/// Turns what the chat shows about a question in one wave (<see cref="QuestionFigures"/>, decided by SurveyResults /
/// <see cref="QuestionTable"/>) into <see cref="ShownPiece"/>s over the wave's answers, for the difference rule of
/// <see cref="RawAnonymity"/>: each shown group with its shown answer counts, and the view's total with its shown
/// groups. Pure, so the property tests build the pieces exactly as the export does.
/// </summary>
public static class ShownPieces
{
    /// <summary>
    /// <paramref name="column"/>: the index in <see cref="RawAnswer.Groups"/> of the breakdown the figures are by (-1:
    /// none); <paramref name="groupCount"/>: its number of options.
    /// </summary>
    public static IEnumerable<ShownPiece> Of(QuestionFigures figures, int column, int groupCount, IReadOnlyList<RawAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(answers);
        var q = figures.Question;
        var categories = QuestionTable.Categories(q).Count;
        // The answers a figure of this question counts (free text: everyone who answered the survey).
        var counted = Enumerable.Range(0, answers.Count)
            .Where(i => q.Kind == QuestionKind.FreeText || q.Kind == QuestionKind.MultipleChoice
                ? q.Kind == QuestionKind.FreeText || answers[i].Values.GetValueOrDefault(q.Id)?.Choice is not null
                : Category(q, answers[i].Values.GetValueOrDefault(q.Id), categories) >= 0)
            .ToList();
        if (!figures.Overall.Shown) yield break;

        var groups = new List<(GroupFigures Figure, List<int> Rows)>();
        if (column >= 0)
            foreach (var g in figures.Groups.Where(g => g.Shown))
                groups.Add((g, [.. counted.Where(i => GroupKey(answers[i].Groups[column], groupCount) == g.Key)]));
        else
            groups.Add((figures.Overall, counted));
        if (column >= 0) yield return new ShownPiece(counted, [.. groups.Select(g => (IReadOnlyList<int>)g.Rows)]);

        foreach (var (figure, rows) in groups)
        {
            var shown = figure.Options.Select((o, i) => (o, i)).Where(x => x.o.Shown).ToList();
            if (q.Kind == QuestionKind.MultipleChoice)
            {
                // Options overlap: each is its own yes/no split of the group.
                foreach (var (_, i) in shown)
                    yield return new ShownPiece(rows, [[.. rows.Where(r => answers[r].Values[q.Id].Choice is { } m && (m & (1 << i)) != 0)]]);
                if (shown.Count == 0) yield return new ShownPiece(rows, []);
            }
            else
            {
                yield return new ShownPiece(rows,
                    [.. shown.Select(x => (IReadOnlyList<int>)[.. rows.Where(r => Category(q, answers[r].Values.GetValueOrDefault(q.Id), categories) == x.i)])]);
            }
        }
    }

    /// <summary>The key <see cref="QuestionTable"/> gives the group of an answer (an answer outside the options: "no group").</summary>
    public static string GroupKey(int? group, int groupCount) => QuestionTable.GroupKey(group is { } g && g >= 0 && g < groupCount ? g : null);

    /// <summary>The answer category (row of <see cref="QuestionTable"/>) of a value; -1 when it has none. Multiple choice: -1 (see the option bits).</summary>
    public static int Category(SurveyQuestion q, RawValue? value, int categories)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (value is null) return -1;
        switch (q.Kind)
        {
            case QuestionKind.SingleChoice:
                return value.Choice is { } c && c >= 0 && c < categories ? c : -1;
            case QuestionKind.Scale:
                return value.Choice is { } s && s is >= 1 and <= 5 ? s - 1 : -1;
            case QuestionKind.Number:
                if (value.Number is not { } n) return -1;
                var bands = QuestionTable.NumberBands(q);
                for (var i = 0; i < bands.Count; i++) if (n >= bands[i].From && n <= bands[i].To) return i;
                return -1;
            default:
                return -1;
        }
    }
}
