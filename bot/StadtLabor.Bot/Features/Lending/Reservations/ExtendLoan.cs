using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Verlängern" (lending.extend) while lent: without a new return it shows the form; with one, under the item lock,
/// the rules are asked as an extension (only the return moves) and the free check covers the added time only, the
/// loan's own units left out. The same new return again changes nothing. One receipt per extension.
/// </summary>
public sealed class ExtendLoan(LabDbContext db, ReservationFacts facts, ReservationForm form, ReservationView view,
    ReservationReceipts receipts, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!OwnReservation.TryId(data, out var id)) return ReservationAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return ReservationAnswers.UnknownUser(turn);
        var (found, refusal) = await OwnReservation.FindAsync(db, turn, id, person, ct);
        if (found is null) return refusal!;
        if (found.Status != ReservationStatus.Lent) return await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notLent"), ct);

        var asked = ReservationInput.Read(data);
        string notice;
        await using (var locked = await ItemLock.EnterAsync(db, found.ItemId, ct))
        {
            if (locked is null) return ReservationAnswers.UnknownReservation(turn);
            var (r, again) = await OwnReservation.FindAsync(db, turn, id, person, ct, tracked: true);
            if (r is null) return again!;
            if (r.Status != ReservationStatus.Lent) return await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notLent"), ct);
            var now = time.GetUtcNow().UtcDateTime;
            var current = new LendingRange(r.StartsAtUtc, r.EndsAtUtc);
            var kept = ReservationInput.Of(current, r.Quantity);
            if (asked.ToDate.Length == 0 && asked.ToTime.Length == 0)
                return await form.CardAsync(turn, locked.Item, FormMode.Extend, kept, [], ct, r);

            var input = kept with { ToDate = asked.ToDate, ToTime = asked.ToTime };
            if (!input.TryRange(out var range))
                return await form.CardAsync(turn, locked.Item, FormMode.Extend, input, [new("to", turn.Word("lendingReserve.form.returnMissing"))], ct, r);
            if (range.ToUtc == r.EndsAtUtc)
                return await view.CardAsync(turn, id, turn.Format("lendingReserve.done.extended", Wording.Moment(turn.Lang, r.EndsAtUtc, now)), ct);
            if (range.ToUtc < r.EndsAtUtc || range.ToUtc <= now)
                return await form.CardAsync(turn, locked.Item, FormMode.Extend, input,
                    [new("to", turn.Format("lendingReserve.refuse.extendLater", Wording.Moment(turn.Lang, r.EndsAtUtc, now)))], ct, r);

            var broken = await facts.CheckAsync(locked.Item, r.Quantity, range, person.AadObjectId, turn.Lang, ct, changing: r, extension: true);
            if (broken.Count > 0) return await form.CardAsync(turn, locked.Item, FormMode.Extend, input, [.. ReservationForm.Words(turn, broken)], ct, r);

            r.EndsAtUtc = range.ToUtc;
            r.ScheduleVersion++;
            r.UpdatedAtUtc = now;
            r.Lang = person.Lang;
            await receipts.SendAsync(r, locked.Item.Name, ReceiptKind.Extended, ct);
            await locked.CommitAsync(ct);
            notice = turn.Format("lendingReserve.done.extended", Wording.Moment(turn.Lang, range.ToUtc, now));
        }
        return await view.CardAsync(turn, id, notice, ct);
    }
}
