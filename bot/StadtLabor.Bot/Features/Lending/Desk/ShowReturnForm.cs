using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>"Zurücknehmen" (lab team): the checklist of what comes back, expected as it was handed over; or what was recorded.</summary>
public sealed class ShowReturnForm(DeskCards cards, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id) || await cards.ReservationAsync(id, ct) is not { } r)
            return DeskAnswers.BadRequest(turn);
        return new VerbResult.Card(await cards.ReturnAsync(turn, r, null, new Dictionary<long, string>(), TakeBack.Refusal(turn, r, time.GetUtcNow().UtcDateTime), ct));
    }
}
