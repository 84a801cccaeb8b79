using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Reservieren" on an item (lending.reserveForm): the form for that item or kit, prefilled with the range the person
/// was looking at ("Was ist frei?") or with the next open day the lead time allows. Changes nothing.
/// </summary>
public sealed class ShowReserveForm(LabDbContext db, ReservationForm form) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "itemId", out var itemId)) return ReservationAnswers.BadRequest(turn);
        var item = await db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return ReservationAnswers.UnknownItem(turn);
        if (item.IsRetired || !item.LendableAlone)
            return turn.ErrorCard(turn.Format(item.IsRetired ? $"lendingRules.{ReservationRules.Retired}" : $"lendingRules.{ReservationRules.NotAlone}",
                StadtLabor.Bot.Cards.CardText.Plain(item.Name)));

        var range = LendingRange.TryRead(data, out var asked) ? asked : form.NextOpenRange();
        return await form.CardAsync(turn, item, FormMode.Reserve, ReservationInput.Of(range), [], ct);
    }
}
