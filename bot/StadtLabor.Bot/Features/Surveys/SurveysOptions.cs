using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>Section "Surveys": how answering pages, the defaults of a new survey, and the groupings a template offers.</summary>
public sealed class SurveysOptions
{
    public const string Section = "Surveys";

    /// <summary>Questions per answering card (a page), so a card stays short on a phone.</summary>
    public int QuestionsPerPage { get; set; } = 3;

    /// <summary>A new survey reminds those who have not answered after these days (the innovation department may change it per survey).</summary>
    public int[] DefaultReminderDays { get; set; } = [3, 7];

    /// <summary>A new wave runs this many days unless the innovation department picks an end.</summary>
    public int DefaultDurationDays { get; set; } = 14;

    /// <summary>
    /// PostgreSQL only: "Absenden" rewrites the new answer together with the wave's other answers, this many in all (all
    /// while there are no more), so the rows' write order does not show which answer came last
    /// (<see cref="ShuffleAnswers.MixAsync"/>). 0 switches it off. The cost grows with it: this × (questions + 1) rows per answer.
    /// </summary>
    public int MixOnSubmit { get; set; } = 100;

    /// <summary>The breakdown questions a template offers: department groups (wide enough to reach 5 people each), age bands, roles, working time.</summary>
    public string[] DepartmentGroups { get; set; } =
        ["Bürgerdienste und Ordnung", "Bauen und Stadtentwicklung", "Finanzen und Zentrale Dienste", "Jugend, Schule und Soziales", "Kultur, Sport und Freizeit", "keine Angabe"];

    public string[] AgeBands { get; set; } = ["unter 30", "30 bis 49", "50 und älter", "keine Angabe"];

    public string[] Roles { get; set; } = ["Führungskraft", "Sachbearbeitung", "Andere Tätigkeit", "keine Angabe"];

    public string[] WorkingTimes { get; set; } = ["Vollzeit", "Teilzeit", "keine Angabe"];
}

internal sealed class SurveysOptionsValidator : IValidateOptions<SurveysOptions>
{
    public ValidateOptionsResult Validate(string? name, SurveysOptions o)
    {
        var errors = new List<string>();
        if (o.QuestionsPerPage is < 1 or > 6) errors.Add($"Surveys:QuestionsPerPage {o.QuestionsPerPage} must be between 1 and 6.");
        if (o.DefaultReminderDays.Any(d => d is < 1 or > 60)) errors.Add("Surveys:DefaultReminderDays: every day must be between 1 and 60.");
        if (o.DefaultDurationDays is < 1 or > 90) errors.Add($"Surveys:DefaultDurationDays {o.DefaultDurationDays} must be between 1 and 90.");
        if (o.MixOnSubmit < 0) errors.Add($"Surveys:MixOnSubmit {o.MixOnSubmit} must be 0 (off) or more.");
        foreach (var (key, list) in new[] { ("DepartmentGroups", o.DepartmentGroups), ("AgeBands", o.AgeBands), ("Roles", o.Roles), ("WorkingTimes", o.WorkingTimes) })
            if (list.Length is < 2 or > SurveyLimits.MaxOptions || list.Any(x => string.IsNullOrWhiteSpace(x) || x.Length > SurveyLimits.OptionText))
                errors.Add($"Surveys:{key}: 2 to {SurveyLimits.MaxOptions} entries of 1 to {SurveyLimits.OptionText} characters.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
