using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Rücknahme speichern" (lab team): the return (<see cref="RecordReturn"/>, shared with the desk page: checklist kept,
/// missing or damaged parts blocked, borrower and lab team told), answered with the return card: recorded, refused
/// with the reason, or the form again with messages under the lines.
/// </summary>
public sealed class TakeBack(DeskCards cards, RecordReturn takeBack, Strings strings, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id)) return DeskAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        var none = new Dictionary<long, string>();
        return await takeBack.RunAsync(id, person.AadObjectId, data, turn.Lang, ct) switch
        {
            ReturnOutcome.Refused(var r) => new VerbResult.Card(await cards.ReturnAsync(turn, r, null, none,
                RecordReturn.Refusal(strings, turn.Lang, r, time.GetUtcNow().UtcDateTime), ct)),
            ReturnOutcome.Invalid(var r, var errors) => new VerbResult.Card(await cards.ReturnAsync(turn, r, data, errors, "", ct)),
            ReturnOutcome.Returned(var r, var blocked, var affected) => new VerbResult.Card(await cards.ReturnAsync(turn, r, null, none, blocked == 0
                ? turn.Format("lendingDesk.return.doneComplete", DeskView.Who(strings, turn.Lang, r))
                : turn.Format("lendingDesk.return.doneShort", blocked, affected), ct)),
            _ => DeskAnswers.BadRequest(turn),
        };
    }
}
