using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// surveysAdmin.questionForm: "Bearbeiten: Frage 3" ({surveyId, questionId}) shows the question prefilled, "Hinzufügen:
/// Zahl" ({surveyId, kind}) a blank one. Refused (with the editor and why) once the survey started, for a question of
/// another survey, and when the survey already has the most questions.
/// </summary>
public sealed class ShowQuestionForm(LabDbContext db, SurveyEditorCard editor) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        var survey = await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return SurveyEdit.UnknownSurvey(turn);
        if (await SurveyEdit.StartedAsync(db, surveyId, ct)) return await EditorAsync(turn, surveyId, turn.Word("surveysAuthoring.refused.frozen"), ct);
        var reference = new SurveyRef(survey.Id, survey.Title, survey.Version);

        if (CardInput.TryGetId(data, "questionId", out var questionId))
        {
            var ordered = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId)
                .OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
            var at = ordered.FindIndex(q => q.Id == questionId);
            if (at < 0) return await EditorAsync(turn, surveyId, turn.Word("surveysAuthoring.refused.unknownQuestion"), ct);
            return new VerbResult.Card(QuestionFormCard.Render(turn, reference, questionId, at + 1, QuestionInput.Of(ordered[at]), []));
        }

        if (QuestionKinds.Parse(CardInput.Text(data, "kind")) is not { } kind)
            return turn.ErrorCard(turn.Word("surveysAuthoring.refused.badRequest"));
        if (await db.SurveyQuestions().CountAsync(q => q.SurveyId == surveyId, ct) >= SurveyLimits.MaxQuestions)
            return await EditorAsync(turn, surveyId, turn.Format("surveysAuthoring.refused.tooMany", SurveyLimits.MaxQuestions), ct);
        return new VerbResult.Card(QuestionFormCard.Render(turn, reference, 0, 0, QuestionInput.Blank(kind), []));
    }

    private Task<VerbResult> EditorAsync(TurnContext turn, long surveyId, string notice, CancellationToken ct) =>
        editor.ResultAsync(turn, surveyId, notice, ct);
}
