using System.Text.Json.Nodes;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// surveys.submit {waveId, page, + the last page's inputs}: the draft and the last page together go to
/// <see cref="SurveySubmission"/>, the one way an answer is stored. The card refreshes in place with the outcome.
/// Deliberately nothing else happens here: no outbox message, no log line, no time written, because anything that
/// recorded when this person answered could be matched against the unlinked answers.
/// </summary>
public sealed class SubmitAnswers(AnswerSheets sheets, SurveySubmission submission) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var opened = await sheets.OpenAsync(turn, data, ct);
        if (opened.Refusal is { } refusal) return refusal;
        var (person, sheet, answers) = (opened.Person, opened.Sheet, opened.Answers);
        // The page is card data: only a page of this survey says which inputs the card held (else the last page's).
        // Answers to this survey's other questions that came along count too; they are checked like all others.
        var page = CardInput.WholeNumber(data, "page") is { } p && p >= 0 && p < sheet.PageCount ? p : sheet.PageCount - 1;
        var onPage = sheet.On(page);
        var merged = AnswerSheets.Merge(answers, data, onPage, sheet.Questions.Except(onPage));

        var result = await submission.SubmitAsync(person, sheet.Wave.Id, merged, ct);
        switch (result.Outcome)
        {
            case SubmitOutcome.Stored:
                return new VerbResult.Card(AnswerCards.Done(turn, "stored", AnswerCards.Title(turn, sheet.Survey.Title, sheet.Wave.Number)));
            case SubmitOutcome.Invalid:
                // Back to the first page with a problem, everything as typed, the messages under the fields.
                var first = result.Errors.Keys.Select(sheet.PageOf).Min();
                await sheets.SaveDraftAsync(person.AadObjectId, sheet, merged, first, ct);
                return new VerbResult.Card(AnswerCards.Page(turn, sheet, first, merged, result.Errors));
            case SubmitOutcome.AlreadyAnswered:
                return new VerbResult.Card(AnswerCards.Done(turn, AnswerStanding.AlreadyAnswered));
            case SubmitOutcome.NotInvited:
                return new VerbResult.Card(AnswerCards.Done(turn, AnswerStanding.NotInvited));
            default:
                return new VerbResult.Card(AnswerCards.Done(turn, AnswerStanding.NotRunning));
        }
    }
}
