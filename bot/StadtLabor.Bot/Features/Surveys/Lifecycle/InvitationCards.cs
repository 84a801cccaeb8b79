using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// The cards surveys/invitation and surveys/reminder: what the survey is, what it is for, that it is voluntary, who
/// sees what (only groups from Privacy:MinGroupSize; single answers nobody), how long answers are kept and until
/// when one can answer, and the button to answer (surveys.answer {waveId}). The retention is Privacy:Retention:Surveys
/// (days after the end; the Records part registers the policy of that kind and its purge, which reads the same key).
/// </summary>
public sealed class InvitationCards(CardRenderer cards, Strings strings, IOptions<PrivacyOptions> privacy)
{
    public const string RetentionKind = "Surveys";
    public const int DefaultRetentionDays = 730;

    public int RetentionDays =>
        privacy.Value.Retention.TryGetValue(RetentionKind, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : DefaultRetentionDays;

    public JsonObject Invitation(Survey survey, SurveyWave wave, int questions, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(wave);
        return cards.Render("surveys/invitation", lang, new JsonObject
        {
            ["waveId"] = wave.Id,
            ["heading"] = strings.Format(lang, "surveysLifecycle.invitation.heading", Title(survey)),
            ["purpose"] = CardText.Plain(survey.Purpose, SurveyLimits.Purpose),
            ["hasPurpose"] = survey.Purpose.Trim().Length > 0,
            ["questions"] = questions.ToString(CultureInfo.InvariantCulture),
            ["until"] = Wording.Day(lang, wave.ClosesOn, nowUtc),
            ["privacy"] = strings.Format(lang, "surveysLifecycle.invitation.privacy", privacy.Value.MinGroupSize),
            ["retention"] = strings.Format(lang, "surveysLifecycle.invitation.retention", Wording.Duration(strings, lang, TimeSpan.FromDays(RetentionDays))),
            ["answerTitle"] = strings.Format(lang, "surveysLifecycle.invitation.answerTitle", Title(survey)),
        });
    }

    public JsonObject Reminder(Survey survey, SurveyWave wave, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(wave);
        return cards.Render("surveys/reminder", lang, new JsonObject
        {
            ["waveId"] = wave.Id,
            ["heading"] = strings.Format(lang, "surveysLifecycle.reminder.heading", Title(survey)),
            ["text"] = strings.Format(lang, "surveysLifecycle.reminder.text", Wording.Day(lang, wave.ClosesOn, nowUtc)),
            ["privacy"] = strings.Format(lang, "surveysLifecycle.invitation.privacy", privacy.Value.MinGroupSize),
            ["answerTitle"] = strings.Format(lang, "surveysLifecycle.invitation.answerTitle", Title(survey)),
        });
    }

    private static string Title(Survey survey) => CardText.Plain(survey.Title, SurveyLimits.Title);
}
