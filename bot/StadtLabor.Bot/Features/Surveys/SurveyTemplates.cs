using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// The questions a new survey starts with. "homeoffice" follows the lab's two home-office waves with the university
/// partner: four breakdown questions (department group, age band, role, working time: the groupings the results may
/// be shown by, with "keine Angabe" in each), days at home, equipment, reachability, collaboration tools, satisfaction
/// and strain on 1–5 scales, and what should change (free text). "empty" has none. The texts are words (German or
/// English, in the author's language); the groupings' options come from <see cref="SurveysOptions"/>, where a city
/// names its own departments. Once created, the questions are the survey's own and may be edited until wave 1 starts.
/// </summary>
public static class SurveyTemplates
{
    public const string Homeoffice = "homeoffice";
    public const string Empty = "empty";

    public static IReadOnlyList<string> Keys { get; } = [Homeoffice, Empty];

    /// <summary>The template's questions for a survey (not saved; positions 1..n).</summary>
    public static IReadOnlyList<SurveyQuestion> Questions(string template, long surveyId, Strings strings, string lang, SurveysOptions options)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(options);
        if (template != Homeoffice) return [];
        string W(string key) => strings.Get(lang, "surveysTemplate.homeoffice." + key);
        string[] Ws(string key, int count) => [.. Enumerable.Range(1, count).Select(i => W($"{key}Option{i}"))];
        var position = 0;
        SurveyQuestion Q(QuestionKind kind, string key, string[]? options = null, int breakdown = 0, int? min = null, int? max = null,
            bool scale = false) => new()
        {
            SurveyId = surveyId,
            Position = ++position,
            Kind = kind,
            Text = W(key),
            Options = SurveyQuestion.ToOptions(options ?? []),
            BreakdownSlot = breakdown,
            Min = min,
            Max = max,
            ScaleLow = scale ? W(key + "Low") : "",
            ScaleHigh = scale ? W(key + "High") : "",
            MaxLength = SurveyLimits.FreeText,
        };
        return
        [
            Q(QuestionKind.SingleChoice, "department", options.DepartmentGroups, breakdown: 1),
            Q(QuestionKind.SingleChoice, "age", options.AgeBands, breakdown: 2),
            Q(QuestionKind.SingleChoice, "role", options.Roles, breakdown: 3),
            Q(QuestionKind.SingleChoice, "workingTime", options.WorkingTimes, breakdown: 4),
            Q(QuestionKind.Number, "days", min: 0, max: 5),
            Q(QuestionKind.MultipleChoice, "equipment", Ws("equipment", 5)),
            Q(QuestionKind.Scale, "reachability", scale: true),
            Q(QuestionKind.MultipleChoice, "tools", Ws("tools", 6)),
            Q(QuestionKind.Scale, "satisfaction", scale: true),
            Q(QuestionKind.Scale, "strain", scale: true),
            Q(QuestionKind.FreeText, "change"),
        ];
    }
}
