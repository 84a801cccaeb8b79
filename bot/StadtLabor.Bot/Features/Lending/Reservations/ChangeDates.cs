using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Neuen Termin speichern" (lending.change): new pickup and return for the person's own reservation before pickup.
/// Under the item lock, the rules are asked as for a new reservation, except that its own units and its own count
/// do not stand in its way. A change bumps <see cref="LendingReservation.ScheduleVersion"/> (reminders and receipts key
/// on it) and leaves one receipt; the same dates again change nothing and send nothing.
/// </summary>
public sealed class ChangeDates(LabDbContext db, ReservationFacts facts, ReservationForm form, ReservationView view,
    ReservationReceipts receipts, LendingWatchers watchers, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!OwnReservation.TryId(data, out var id)) return ReservationAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return ReservationAnswers.UnknownUser(turn);
        var (found, refusal) = await OwnReservation.FindAsync(db, turn, id, person, ct);
        if (found is null) return refusal!;

        string notice;
        await using (var locked = await ItemLock.EnterAsync(db, found.ItemId, ct))
        {
            if (locked is null) return ReservationAnswers.UnknownReservation(turn);
            var (r, again) = await OwnReservation.FindAsync(db, turn, id, person, ct, tracked: true);
            if (r is null) return again!;
            if (!ReservationRule.BeforePickup(r.Status)) return await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notBeforePickup"), ct);
            var input = ReservationInput.Read(data) with { Quantity = r.Quantity, Purpose = r.Purpose, Place = r.PickupPlace };
            if (!input.TryRange(out var range))
                return await form.CardAsync(turn, locked.Item, FormMode.Change, input, [new("from", turn.Word("lendingReserve.form.rangeMissing"))], ct, r);
            if (range.FromUtc == r.StartsAtUtc && range.ToUtc == r.EndsAtUtc)
                return await view.CardAsync(turn, id, turn.Word("lendingReserve.done.unchanged"), ct);

            var broken = await facts.CheckAsync(locked.Item, r.Quantity, range, person.AadObjectId, turn.Lang, ct, changing: r);
            if (broken.Count > 0) return await form.CardAsync(turn, locked.Item, FormMode.Change, input, [.. ReservationForm.Words(turn, broken)], ct, r);

            var (oldFrom, oldTo) = (r.StartsAtUtc, r.EndsAtUtc);
            r.StartsAtUtc = range.FromUtc;
            r.EndsAtUtc = range.ToUtc;
            r.ScheduleVersion++;
            r.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            r.Lang = person.Lang;
            await receipts.SendAsync(r, locked.Item.Name, ReceiptKind.Changed, ct);
            if (r.Status == ReservationStatus.Requested) await receipts.TellLabTeamAsync(r, locked.Item.Name, ct);
            // The old dates may be free now for someone who asked to be told.
            await watchers.SaveAndNotifyAsync(locked, oldFrom, oldTo, ct);
            await locked.CommitAsync(ct);
            notice = turn.Word("lendingReserve.done.changed");
        }
        return await view.CardAsync(turn, id, notice, ct);
    }
}
