using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Neuen Termin speichern" (lending.change): new pickup and return for the person's own reservation before pickup.
/// Under the item lock, the rules are asked as for a new reservation, except that its own units and its own count
/// do not stand in its way. A change bumps <see cref="LendingReservation.ScheduleVersion"/> (reminders and receipts key
/// on it) and leaves one receipt; the same dates again change nothing and send nothing. The card and the intranet
/// page both change through <see cref="ChangeAsync"/>.
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

        var input = ReservationInput.Read(data) with { Quantity = found.Quantity, Purpose = found.Purpose, Place = found.PickupPlace };
        return await ChangeAsync(id, person, input, turn.Lang, ct) switch
        {
            ChangeOutcome.Changed => await view.CardAsync(turn, id, turn.Word("lendingReserve.done.changed"), ct),
            ChangeOutcome.Unchanged => await view.CardAsync(turn, id, turn.Word("lendingReserve.done.unchanged"), ct),
            ChangeOutcome.NotBeforePickup => await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notBeforePickup"), ct),
            ChangeOutcome.NotYours => ReservationAnswers.NotYours(turn),
            ChangeOutcome.Unknown => ReservationAnswers.UnknownReservation(turn),
            ChangeOutcome.RangeMissing => await form.CardAsync(turn, found, FormMode.Change, input, [new("from", turn.Word("lendingReserve.form.rangeMissing"))], ct),
            ChangeOutcome.Broken b => await form.CardAsync(turn, found, FormMode.Change, input, [.. ReservationForm.Words(turn, b.Rules)], ct),
            var other => throw new InvalidOperationException($"no answer for {other}"),
        };
    }

    /// <summary>
    /// Moves the pickup and return of the person's reservation to the Berlin dates and times typed (only the four date
    /// and time fields of <paramref name="input"/> count), under the item lock with the card's rules; anything refused
    /// changes nothing.
    /// </summary>
    public async Task<ChangeOutcome> ChangeAsync(long id, Person person, ReservationInput input, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(input);
        var (found, owner) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct);
        if (found is null) return Refused(owner);
        await using var locked = await ItemLock.EnterAsync(db, found.ItemId, ct);
        if (locked is null) return new ChangeOutcome.Unknown();
        var (r, again) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct, tracked: true);
        if (r is null) return Refused(again);
        if (!ReservationRule.BeforePickup(r.Status)) return new ChangeOutcome.NotBeforePickup();
        if (!input.TryRange(out var range)) return new ChangeOutcome.RangeMissing();
        if (range.FromUtc == r.StartsAtUtc && range.ToUtc == r.EndsAtUtc) return new ChangeOutcome.Unchanged();

        var broken = await facts.CheckAsync(locked.Item, r.Quantity, range, person.AadObjectId, lang, ct, changing: r);
        if (broken.Count > 0) return new ChangeOutcome.Broken(broken);

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
        return new ChangeOutcome.Changed(range);
    }

    private static ChangeOutcome Refused(Ownership owner) => owner == Ownership.NotYours ? new ChangeOutcome.NotYours() : new ChangeOutcome.Unknown();
}

/// <summary>What a change of dates did, or why it did nothing (the card and the page say it in their own way).</summary>
public abstract record ChangeOutcome
{
    private ChangeOutcome()
    {
    }

    public sealed record Changed(LendingRange Range) : ChangeOutcome;

    /// <summary>The dates typed are the reservation's already (a repeated click): nothing changed, nothing sent.</summary>
    public sealed record Unchanged : ChangeOutcome;

    /// <summary>Picked up, returned or cancelled: dates change only before the pickup.</summary>
    public sealed record NotBeforePickup : ChangeOutcome;

    public sealed record Unknown : ChangeOutcome;

    public sealed record NotYours : ChangeOutcome;

    /// <summary>No readable date and time for pickup and return.</summary>
    public sealed record RangeMissing : ChangeOutcome;

    /// <summary>The lending rules refuse it (not free, too long, closed that day, ...).</summary>
    public sealed record Broken(IReadOnlyList<BrokenRule> Rules) : ChangeOutcome;
}
