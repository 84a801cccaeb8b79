using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>"Termin ändern" (lending.changeForm): the form with the reservation's dates, for the person's own reservation before pickup. Changes nothing.</summary>
public sealed class ShowChangeForm(LabDbContext db, ReservationForm form, ReservationView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!OwnReservation.TryId(data, out var id)) return ReservationAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return ReservationAnswers.UnknownUser(turn);
        var (r, refusal) = await OwnReservation.FindAsync(db, turn, id, person, ct);
        if (r is null) return refusal!;
        if (!ReservationRule.BeforePickup(r.Status)) return await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notBeforePickup"), ct);
        var item = await db.LendingItems().AsNoTracking().SingleAsync(i => i.Id == r.ItemId, ct);
        var input = ReservationInput.Of(new LendingRange(r.StartsAtUtc, r.EndsAtUtc), r.Quantity, r.Purpose, r.PickupPlace);
        return await form.CardAsync(turn, item, FormMode.Change, input, [], ct, r);
    }
}
