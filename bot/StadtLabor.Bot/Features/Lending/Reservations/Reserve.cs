using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Reservieren" (lending.reserve): under the lock of the item (a kit with its parts), the rules are asked with the
/// facts read there; a broken rule brings the form back with the input kept and each rule in words. Otherwise the
/// reservation is written (confirmed at once, or requested when the item needs the lab team's approval) with the
/// receipt in the person's chat and, for a request, a note to the lab team, all in one transaction. The same click
/// again (Teams redelivers) finds the reservation of the same person, item, range and quantity and adds nothing.
/// </summary>
public sealed class Reserve(LabDbContext db, ReservationFacts facts, ReservationForm form, ReservationView view,
    ReservationReceipts receipts, IOptions<LendingOptions> options, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "itemId", out var itemId)) return ReservationAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return ReservationAnswers.UnknownUser(turn);
        var input = ReservationInput.Read(data);
        var errors = new List<FormError>();
        if (input.Purpose.Length == 0) errors.Add(new("purpose", turn.Word("lendingReserve.form.purposeMissing")));
        else if (input.Purpose.Length > LendingLimits.Purpose) errors.Add(new("purpose", turn.Format("lendingReserve.form.purposeTooLong", LendingLimits.Purpose)));
        if (!options.Value.PickupPlaces.Contains(input.Place, StringComparer.Ordinal)) errors.Add(new("place", turn.Word("lendingReserve.form.placeMissing")));
        var hasRange = input.TryRange(out var range);
        if (!hasRange) errors.Insert(0, new("from", turn.Word("lendingReserve.form.rangeMissing")));

        long reservationId;
        string notice;
        await using (var locked = await ItemLock.EnterAsync(db, itemId, ct))
        {
            if (locked is null) return ReservationAnswers.UnknownItem(turn);
            var item = locked.Item;
            var quantity = input.Quantity ?? 0;
            if (hasRange && await SameAsync(person, item.Id, range, quantity, ct) is { } existing)
            {
                // Teams delivered the click again, or the person clicked twice: the reservation stands, nothing new.
                return await view.CardAsync(turn, existing, turn.Word("lendingReserve.done.already"), ct);
            }
            if (hasRange) errors.InsertRange(0, ReservationForm.Words(turn, await facts.CheckAsync(item, quantity, range, person.AadObjectId, turn.Lang, ct)));
            else if (quantity < 1 || quantity > item.Quantity) errors.Insert(0, new("quantity", turn.Format("lendingReserve.form.quantityError", item.Quantity)));
            if (errors.Count > 0) return await form.CardAsync(turn, item, FormMode.Reserve, input, errors, ct);

            var now = time.GetUtcNow().UtcDateTime;
            var reservation = new LendingReservation
            {
                ItemId = item.Id,
                Quantity = quantity,
                StartsAtUtc = range.FromUtc,
                EndsAtUtc = range.ToUtc,
                Status = item.NeedsApproval ? ReservationStatus.Requested : ReservationStatus.Confirmed,
                UserAadObjectId = person.AadObjectId,
                UserName = person.Name.Length > LendingLimits.PersonName ? person.Name[..LendingLimits.PersonName] : person.Name,
                TenantId = person.TenantId,
                Lang = person.Lang,
                Purpose = input.Purpose,
                PickupPlace = input.Place,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            db.LendingReservations().Add(reservation);
            await receipts.SendAsync(reservation, item.Name, item.NeedsApproval ? ReceiptKind.Requested : ReceiptKind.Reserved, ct);
            if (item.NeedsApproval) await receipts.TellLabTeamAsync(reservation, item.Name, ct);
            await locked.CommitAsync(ct);
            reservationId = reservation.Id;
            notice = turn.Word(item.NeedsApproval ? "lendingReserve.done.requested" : "lendingReserve.done.reserved");
        }
        return await view.CardAsync(turn, reservationId, notice, ct);
    }

    /// <summary>The business key of a reservation click: same person, item, range and quantity, still holding units.</summary>
    private Task<long?> SameAsync(Person person, long itemId, LendingRange range, int quantity, CancellationToken ct) =>
        db.LendingReservations().AsNoTracking()
            .Where(r => r.UserAadObjectId == person.AadObjectId && r.ItemId == itemId && r.StartsAtUtc == range.FromUtc
                && r.EndsAtUtc == range.ToUtc && r.Quantity == quantity && ReservationRule.Occupying.Contains(r.Status))
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
}
