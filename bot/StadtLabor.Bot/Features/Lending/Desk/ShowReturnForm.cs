using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>"Zurücknehmen" (lab team): the checklist of what comes back, expected as it was handed over; or what was recorded.</summary>
public sealed class ShowReturnForm(DeskCards cards, Strings strings, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id) || await cards.ReservationAsync(id, ct) is not { } r)
            return DeskAnswers.BadRequest(turn);
        var refusal = RecordReturn.Refusal(strings, turn.Lang, r, time.GetUtcNow().UtcDateTime);
        return new VerbResult.Card(await cards.ReturnAsync(turn, r, null, new Dictionary<long, string>(), refusal, ct));
    }
}
