using System.Text.Json.Nodes;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// surveys.page {waveId, page, direction: "next"|"back", + the page's inputs}: keeps the page's answers in the
/// person's draft (as typed), then "Weiter" checks this page (messages under the fields and above the buttons, the
/// values stay) and "Zurück" goes back without checking. The page number is card data: one outside the survey
/// changes nothing and shows the page of the draft.
/// </summary>
public sealed class TurnPage(AnswerSheets sheets) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var opened = await sheets.OpenAsync(turn, data, ct);
        if (opened.Refusal is { } refusal) return refusal;
        var (person, sheet, answers) = (opened.Person, opened.Sheet, opened.Answers);
        var draftPage = opened.DraftPage;
        var direction = CardInput.Text(data, "direction");
        if (CardInput.WholeNumber(data, "page") is not { } page || page < 0 || page >= sheet.PageCount || direction is not ("next" or "back"))
            return new VerbResult.Card(AnswerCards.Page(turn, sheet, sheet.Clamp(draftPage), answers, OpenSurvey.NoErrors));

        var onPage = sheet.On(page);
        var merged = AnswerSheets.Merge(answers, data, onPage);
        var errors = direction == "next" ? SurveyAnswers.CheckAll(onPage, merged).Errors : [];
        var next = errors.Count > 0 ? page : sheet.Clamp(direction == "next" ? page + 1 : page - 1);
        await sheets.SaveDraftAsync(person.AadObjectId, sheet, merged, next, ct);
        return new VerbResult.Card(AnswerCards.Page(turn, sheet, next, merged, errors));
    }
}
