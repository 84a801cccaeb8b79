using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Übergabe speichern" (lab team): the handover (<see cref="RecordHandover"/>, shared with the desk page), answered
/// with the handover card: recorded, refused with the reason, or the form again with messages under the lines.
/// </summary>
public sealed class HandOver(DeskCards cards, RecordHandover handover, Strings strings, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id)) return DeskAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        var none = new Dictionary<long, string>();
        return await handover.RunAsync(id, person.AadObjectId, data, turn.Lang, ct) switch
        {
            HandoverOutcome.Refused(var r) => new VerbResult.Card(await cards.HandoverAsync(turn, r, null, none, Refusal(turn, r), ct)),
            HandoverOutcome.Invalid(var r, var errors) => new VerbResult.Card(await cards.HandoverAsync(turn, r, data, errors, "", ct)),
            HandoverOutcome.HandedOver(var r) => new VerbResult.Card(await cards.HandoverAsync(turn, r, null, none,
                turn.Format("lendingDesk.handover.done", DeskView.Who(strings, turn.Lang, r)), ct)),
            _ => DeskAnswers.BadRequest(turn),
        };
    }

    private string Refusal(TurnContext turn, LendingReservation r) => RecordHandover.Refusal(strings, turn.Lang, r, time.GetUtcNow().UtcDateTime);
}
