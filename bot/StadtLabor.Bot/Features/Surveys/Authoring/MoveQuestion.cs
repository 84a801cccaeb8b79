using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "Nach oben / Nach unten: Frage 3" (surveysAdmin.moveQuestion {surveyId, questionId, direction "up"|"down", version}):
/// swaps the question with its neighbour, before the start only, under the lock with the card's version.
/// </summary>
public sealed class MoveQuestion(LabDbContext db, SurveyEditorCard editor, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        CardInput.TryGetId(data, "questionId", out var questionId);
        var step = CardInput.Text(data, "direction") switch { "up" => -1, "down" => 1, _ => 0 };
        if (step == 0) return turn.ErrorCard(turn.Word("surveysAuthoring.refused.badRequest"));

        var (locked, refusal) = await SurveyEdit.EnterAsync(db, surveyId, SurveyEdit.Version(data), questions: true, ct);
        if (refusal == EditRefusal.UnknownSurvey) return SurveyEdit.UnknownSurvey(turn);
        if (locked is null) return await editor.ResultAsync(turn, surveyId, SurveyEdit.Notice(turn, refusal), ct);
        string notice;
        await using (locked)
        {
            var questions = await db.SurveyQuestions().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
            var at = questions.FindIndex(q => q.Id == questionId);
            var to = at + step;
            if (at < 0) notice = turn.Word("surveysAuthoring.refused.unknownQuestion");
            else if (to < 0 || to >= questions.Count) notice = turn.Word("surveysAuthoring.refused.edge");
            else
            {
                (questions[at], questions[to]) = (questions[to], questions[at]);
                SurveyEdit.Renumber(questions);
                locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                await locked.CommitAsync(ct);
                notice = turn.Format("surveysAuthoring.done.questionMoved", to + 1);
            }
        }
        return await editor.ResultAsync(turn, surveyId, notice, ct);
    }
}
