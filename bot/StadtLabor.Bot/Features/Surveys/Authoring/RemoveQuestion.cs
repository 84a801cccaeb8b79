using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "Ja, Frage 3 entfernen" (surveysAdmin.removeQuestion {surveyId, questionId, version}; the editor asks first): before
/// the start only, under the lock with the card's version. The others close up (positions 1..n); a removed breakdown
/// frees its slot.
/// </summary>
public sealed class RemoveQuestion(LabDbContext db, SurveyEditorCard editor, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        CardInput.TryGetId(data, "questionId", out var questionId);

        var (locked, refusal) = await SurveyEdit.EnterAsync(db, surveyId, SurveyEdit.Version(data), questions: true, ct);
        if (refusal == EditRefusal.UnknownSurvey) return SurveyEdit.UnknownSurvey(turn);
        if (locked is null) return await editor.ResultAsync(turn, surveyId, SurveyEdit.Notice(turn, refusal), ct);
        string notice;
        await using (locked)
        {
            var questions = await db.SurveyQuestions().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
            if (questions.SingleOrDefault(q => q.Id == questionId) is not { } question)
            {
                notice = turn.Word("surveysAuthoring.refused.unknownQuestion");
            }
            else
            {
                db.SurveyQuestions().Remove(question);
                SurveyEdit.Renumber(questions.Where(q => q != question));
                locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                await locked.CommitAsync(ct);
                notice = turn.Word("surveysAuthoring.done.questionRemoved");
            }
        }
        return await editor.ResultAsync(turn, surveyId, notice, ct);
    }
}
