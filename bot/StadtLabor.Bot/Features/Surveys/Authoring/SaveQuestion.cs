using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "Frage speichern" (surveysAdmin.saveQuestion {surveyId, questionId (0: new), version, kind} + the inputs): under the
/// survey's lock, with the card's version, only before the start. A refused form comes back with every value as typed
/// and nothing saved. A breakdown takes the first free slot of 1..4 (an edited one keeps its slot), so results stay
/// grouped by the slot they were declared with.
/// </summary>
public sealed class SaveQuestion(LabDbContext db, SurveyEditorCard editor, TimeProvider time) : IVerbHandler
{
    private sealed record Outcome(string Notice, VerbResult? Form = null);

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        if (QuestionKinds.Parse(CardInput.Text(data, "kind")) is not { } kind) return turn.ErrorCard(turn.Word("surveysAuthoring.refused.badRequest"));
        CardInput.TryGetId(data, "questionId", out var questionId);
        var version = SurveyEdit.Version(data);
        var input = QuestionInput.Read(kind, data);

        var (locked, refusal) = await SurveyEdit.EnterAsync(db, surveyId, version, questions: true, ct);
        if (refusal == EditRefusal.UnknownSurvey) return SurveyEdit.UnknownSurvey(turn);
        if (locked is null) return await editor.ResultAsync(turn, surveyId, SurveyEdit.Notice(turn, refusal), ct);
        Outcome outcome;
        // The editor is rendered after the lock is left: a refused change has rolled back its version by then.
        await using (locked) outcome = await ChangeAsync(turn, locked, questionId, version, input, ct);
        return outcome.Form ?? await editor.ResultAsync(turn, surveyId, outcome.Notice, ct);
    }

    private async Task<Outcome> ChangeAsync(TurnContext turn, LockedSurvey locked, long questionId, int version, QuestionInput input, CancellationToken ct)
    {
        var surveyId = locked.Survey.Id;
        var questions = await db.SurveyQuestions().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
        var question = questionId > 0 ? questions.SingleOrDefault(q => q.Id == questionId) : null;
        // A question id that is not this survey's (an edited payload, or removed meanwhile) changes nothing.
        if (questionId > 0 && question is null) return new(turn.Word("surveysAuthoring.refused.unknownQuestion"));
        if (question is null && questions.Count >= SurveyLimits.MaxQuestions)
            return new(turn.Format("surveysAuthoring.refused.tooMany", SurveyLimits.MaxQuestions));

        var others = questions.Where(q => q != question).ToList();
        var errors = input.Check(turn, others.Count(q => q.IsBreakdown));
        if (errors.Count > 0)
        {
            var number = question is null ? 0 : questions.IndexOf(question) + 1;
            return new("", new VerbResult.Card(QuestionFormCard.Render(turn, new SurveyRef(surveyId, locked.Survey.Title, version), questionId, number, input, errors)));
        }

        if (question is null)
        {
            question = new SurveyQuestion { SurveyId = surveyId, Position = questions.Count + 1, Text = "" };
            db.SurveyQuestions().Add(question);
            questions.Add(question);
        }
        input.ApplyTo(question);
        question.BreakdownSlot = !input.Breakdown ? 0
            : question.BreakdownSlot > 0 ? question.BreakdownSlot
            : Enumerable.Range(1, SurveyLimits.MaxBreakdowns).First(slot => others.All(q => q.BreakdownSlot != slot));
        locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await locked.CommitAsync(ct);
        return new(turn.Format(questionId > 0 ? "surveysAuthoring.done.questionSaved" : "surveysAuthoring.done.questionAdded", questions.IndexOf(question) + 1));
    }
}
