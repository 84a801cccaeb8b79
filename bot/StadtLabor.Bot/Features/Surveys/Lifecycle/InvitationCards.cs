using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// The cards surveys/invitation and surveys/reminder: what the survey is, what it is for, that it is voluntary, who
/// sees what (the innovation department only figures of groups from Privacy:MinGroupSize; the research partner the
/// single answers without names, grouping answers coarsened to groups of that size: the raw export), what happens to
/// free text when the survey has a free-text question (the survey's FreeTextToPartner, frozen once a wave started, so
/// the card stays true), how long answers are kept and until when one can answer, and the button to answer
/// (surveys.answer {waveId}). The retention is Privacy:Retention:Surveys (days after the end; the Records part
/// registers the policy of that kind and its purge, which reads the same key). The start card's preview and the
/// answering cards use the same sentences (<see cref="Privacy"/>, <see cref="FreeText"/>).
/// </summary>
public sealed class InvitationCards(CardRenderer cards, Strings strings, IOptions<PrivacyOptions> privacy)
{
    public const string RetentionKind = "Surveys";
    public const int DefaultRetentionDays = 730;

    public int RetentionDays =>
        privacy.Value.Retention.TryGetValue(RetentionKind, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : DefaultRetentionDays;

    /// <summary>Who sees what: the same sentence on the invitation, the reminder, the start card's preview and the first answer page.</summary>
    public string Privacy(string lang) => strings.Format(lang, "surveysLifecycle.invitation.privacy", privacy.Value.MinGroupSize);

    /// <summary>What happens to what people write into text boxes: to the research partner or not, and from how many texts the department reads them.</summary>
    public string FreeText(string lang, bool toPartner) => strings.Format(lang,
        toPartner ? "surveysLifecycle.invitation.freeTextShared" : "surveysLifecycle.invitation.freeTextKept", privacy.Value.MinFreeTextSize);

    public JsonObject Invitation(Survey survey, SurveyWave wave, int questions, bool hasFreeText, string lang, DateTime nowUtc)
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
            ["privacy"] = Privacy(lang),
            ["freeText"] = hasFreeText ? FreeText(lang, survey.FreeTextToPartner) : "",
            ["hasFreeText"] = hasFreeText,
            ["retention"] = strings.Format(lang, "surveysLifecycle.invitation.retention", Wording.Duration(strings, lang, TimeSpan.FromDays(RetentionDays))),
            ["answerTitle"] = strings.Format(lang, "surveysLifecycle.invitation.answerTitle", Title(survey)),
        });
    }

    public JsonObject Reminder(Survey survey, SurveyWave wave, bool hasFreeText, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(wave);
        return cards.Render("surveys/reminder", lang, new JsonObject
        {
            ["waveId"] = wave.Id,
            ["heading"] = strings.Format(lang, "surveysLifecycle.reminder.heading", Title(survey)),
            ["text"] = strings.Format(lang, "surveysLifecycle.reminder.text", Wording.Day(lang, wave.ClosesOn, nowUtc)),
            ["privacy"] = Privacy(lang),
            ["freeText"] = hasFreeText ? FreeText(lang, survey.FreeTextToPartner) : "",
            ["hasFreeText"] = hasFreeText,
            ["answerTitle"] = strings.Format(lang, "surveysLifecycle.invitation.answerTitle", Title(survey)),
        });
    }

    /// <summary>Whether the survey asks for free text (only then do the cards speak of it).</summary>
    public static Task<bool> HasFreeTextAsync(LabDbContext db, long surveyId, CancellationToken ct) =>
        db.SurveyQuestions().AnyAsync(q => q.SurveyId == surveyId && q.Kind == QuestionKind.FreeText, ct);

    private static string Title(Survey survey) => CardText.Plain(survey.Title, SurveyLimits.Title);
}
