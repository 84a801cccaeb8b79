using System.Globalization;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>One answer to one question as the raw export reads it (<see cref="SurveyValue"/> without its keys).</summary>
public sealed record RawValue(int? Choice, int? Number, string? Text);

/// <summary>One filled answer of a wave: the grouping answers (per declared breakdown, in slot order) and every value by question id.</summary>
public sealed record RawAnswer(IReadOnlyList<int?> Groups, IReadOnlyDictionary<long, RawValue> Values);

/// <summary>
/// The rows of one wave in the raw export, free of the database (the property tests call it as the export does):
/// <see cref="RawAnonymity"/> decides, the kept answers come out in random order, grouping columns it generalised
/// say "*", free text only when the survey lets it go to the partner.
/// </summary>
public static class RawRows
{
    /// <summary>The questions of the export's columns after the wave: grouping (slot order), other closed ones, free text if allowed.</summary>
    public static IReadOnlyList<SurveyQuestion> Columns(IReadOnlyList<SurveyQuestion> questions, bool freeTextToPartner)
    {
        ArgumentNullException.ThrowIfNull(questions);
        return [.. Grouping(questions),
            .. questions.Where(q => !q.IsBreakdown && q.Kind != QuestionKind.FreeText).OrderBy(q => q.Position),
            .. freeTextToPartner ? questions.Where(q => q.Kind == QuestionKind.FreeText).OrderBy(q => q.Position) : Enumerable.Empty<SurveyQuestion>()];
    }

    public static IReadOnlyList<SurveyQuestion> Grouping(IReadOnlyList<SurveyQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        return [.. questions.Where(q => q.IsBreakdown).OrderBy(q => q.BreakdownSlot)];
    }

    public static (List<IReadOnlyList<string>> Rows, RawPlan Plan) Wave(int waveNumber, IReadOnlyList<SurveyQuestion> questions, bool freeTextToPartner,
        IReadOnlyList<RawAnswer> answers, int k, string noGroup, Random random)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var grouping = Grouping(questions);
        var others = Columns(questions, freeTextToPartner).Skip(grouping.Count).ToList();
        var plan = RawAnonymity.Plan([.. answers.Select(a => a.Groups)], grouping.Count, k);
        var rows = new List<IReadOnlyList<string>>();
        var kept = Enumerable.Range(0, answers.Count).Where(i => plan.KeptRows[i]).Select(i => answers[i]);
        foreach (var a in RawAnonymity.Shuffle(kept, random))
        {
            var row = new List<string> { waveNumber.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(grouping.Select((q, c) => !plan.KeptColumns[c] ? "*" : Label(q, a.Groups[c], noGroup)));
            row.AddRange(others.Select(q => Value(q, a.Values.GetValueOrDefault(q.Id))));
            rows.Add(row);
        }
        return (rows, plan);
    }

    private static string Label(SurveyQuestion q, int? choice, string noGroup)
    {
        var options = q.OptionList();
        return choice is { } c && c >= 0 && c < options.Count ? options[c] : noGroup;
    }

    /// <summary>An answer as a cell: the option, "Teams; Miro" for several, the number, or the text.</summary>
    public static string Value(SurveyQuestion q, RawValue? v)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (v is null) return "";
        var options = q.OptionList();
        return q.Kind switch
        {
            QuestionKind.SingleChoice => v.Choice is { } c && c >= 0 && c < options.Count ? options[c] : "",
            QuestionKind.MultipleChoice => v.Choice is { } mask ? string.Join("; ", options.Where((_, i) => (mask & (1 << i)) != 0)) : "",
            QuestionKind.Scale => v.Choice?.ToString(CultureInfo.InvariantCulture) ?? "",
            QuestionKind.Number => v.Number?.ToString(CultureInfo.InvariantCulture) ?? "",
            QuestionKind.FreeText => v.Text ?? "",
            _ => "",
        };
    }
}
