using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>What the person typed into the editor's details, kept when they were refused.</summary>
public sealed record SurveyInfoInput(string Title, string Purpose, bool FreeTextToPartner);

/// <summary>
/// The card surveys/admin-editor: a survey's details (title, purpose, free text for the research partner) and its
/// questions in order, each with its kind, what it offers and the breakdown marker. Before the start every question
/// has its buttons (edit, up, down, remove after asking) and new ones can be added per kind; after the start the
/// questions and the free-text setting are read-only with the reason (the invitations promised what they say). Always rendered from the database as it is now, with the version the
/// next change must carry.
/// </summary>
public sealed class SurveyEditorCard(LabDbContext db)
{
    public static readonly IReadOnlyList<string> InfoFields = ["title", "purpose"];

    /// <summary>A verb's answer: the editor with the notice, or the error card when the survey is gone.</summary>
    public async Task<VerbResult> ResultAsync(TurnContext turn, long surveyId, string notice, CancellationToken ct) =>
        await RenderAsync(turn, surveyId, notice, ct) is { } card ? new VerbResult.Card(card) : SurveyEdit.UnknownSurvey(turn);

    /// <summary>The card, or null when there is no such survey.</summary>
    public async Task<JsonObject?> RenderAsync(TurnContext turn, long surveyId, string notice, CancellationToken ct,
        SurveyInfoInput? typed = null, IReadOnlyList<FormError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var survey = await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId)
            .OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
        var standing = (await SurveyStanding.OfAsync(db, [surveyId], ct))[surveyId];
        var canEdit = !standing.Started;
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        errors ??= [];
        typed ??= new SurveyInfoInput(survey.Title, survey.Purpose, survey.FreeTextToPartner);
        // After the start the stored setting is the one shown, whatever a refused payload typed.
        var freeTextToPartner = canEdit ? typed.FreeTextToPartner : survey.FreeTextToPartner;

        var err = new JsonObject();
        foreach (var field in InfoFields)
        {
            var text = string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Text));
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var version = survey.Version;
        var rows = questions.Select((q, i) =>
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            return (JsonNode)new JsonObject
            {
                ["surveyId"] = surveyId,
                ["questionId"] = q.Id,
                ["version"] = version,
                ["heading"] = turn.Format("surveysAuthoring.editor.question", n, CardText.Plain(q.Text, SurveyLimits.QuestionText)),
                ["detail"] = QuestionKinds.Detail(turn, q),
                ["isBreakdown"] = q.IsBreakdown,
                ["canEdit"] = canEdit,
                ["canUp"] = canEdit && i > 0,
                ["canDown"] = canEdit && i < questions.Count - 1,
                ["editTitle"] = turn.Format("surveysAuthoring.editor.editQuestion", n),
                ["upTitle"] = turn.Format("surveysAuthoring.editor.moveUp", n),
                ["downTitle"] = turn.Format("surveysAuthoring.editor.moveDown", n),
                ["removeTitle"] = turn.Format("surveysAuthoring.editor.removeQuestion", n),
                ["removeYes"] = turn.Format("surveysAuthoring.editor.removeYes", n),
            };
        });

        return turn.Card("surveys/admin-editor", new JsonObject
        {
            ["surveyId"] = surveyId,
            ["version"] = version,
            ["heading"] = turn.Format("surveysAuthoring.editor.heading", title),
            ["state"] = turn.Format("surveysAuthoring.editor.state", standing.Status(turn), standing.Waves, CardText.Plain(survey.CreatedByName, SurveyLimits.Name)),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            // Typed values go back as input values, which are plain text (CardText.Plain's paragraphs would pile up).
            ["form"] = new JsonObject
            {
                ["title"] = typed.Title,
                ["purpose"] = typed.Purpose,
                ["freeTextToPartner"] = freeTextToPartner ? "true" : "false",
            },
            ["freeTextOpen"] = canEdit,
            ["freeTextLocked"] = !canEdit,
            ["freeTextState"] = turn.Word(freeTextToPartner ? "surveysAuthoring.editor.freeTextOn" : "surveysAuthoring.editor.freeTextOff"),
            ["err"] = err,
            ["errors"] = new JsonArray([.. errors.OrderBy(e => InfoFields.ToList().IndexOf(e.Field)).Select(e => (JsonNode)new JsonObject { ["text"] = e.Text })]),
            ["hasErrors"] = errors.Count > 0,
            ["questionsHeading"] = turn.Format("surveysAuthoring.editor.questionsHeading", questions.Count),
            ["questions"] = new JsonArray([.. rows]),
            ["noQuestions"] = questions.Count == 0,
            ["frozen"] = !canEdit,
            ["canAdd"] = canEdit && questions.Count < SurveyLimits.MaxQuestions,
            ["addButtons"] = new JsonArray([.. QuestionKinds.All.Select(k => (JsonNode)new JsonObject
            {
                ["surveyId"] = surveyId,
                ["kind"] = QuestionKinds.Key(k),
                ["title"] = turn.Format("surveysAuthoring.editor.add", QuestionKinds.Name(turn, k)),
            })]),
            // Starting is the lifecycle's (surveysLifecycle.plan): offered while no wave runs and there is something to ask.
            ["canStart"] = !standing.Running && questions.Count > 0,
            ["startTitle"] = turn.Format("surveysAuthoring.editor.start", title),
            ["hasResults"] = standing.AnyClosed,
            ["resultsTitle"] = turn.Format("surveysAuthoring.editor.results", title),
        });
    }
}
