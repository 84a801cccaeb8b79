using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Verlängern" (lending.extend) while lent: without a new return it shows the form; with one, under the item lock,
/// the rules are asked as an extension (only the return moves) and the free check covers the added time only, the
/// loan's own units left out. The same new return again changes nothing. One receipt per extension. The card and
/// the intranet page both extend through <see cref="ExtendAsync"/>.
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
        var kept = ReservationInput.Of(new LendingRange(found.StartsAtUtc, found.EndsAtUtc), found.Quantity);
        var input = kept with { ToDate = asked.ToDate, ToTime = asked.ToTime };
        if (asked.ToDate.Length == 0 && asked.ToTime.Length == 0) return await form.CardAsync(turn, found, FormMode.Extend, kept, [], ct);

        var now = time.GetUtcNow().UtcDateTime;
        return await ExtendAsync(id, person, asked.ToDate, asked.ToTime, turn.Lang, ct) switch
        {
            ExtendOutcome.Extended e => await view.CardAsync(turn, id, turn.Format("lendingReserve.done.extended", Wording.Moment(turn.Lang, e.ReturnUtc, now)), ct),
            ExtendOutcome.NotLent => await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notLent"), ct),
            ExtendOutcome.NotYours => ReservationAnswers.NotYours(turn),
            ExtendOutcome.Unknown => ReservationAnswers.UnknownReservation(turn),
            ExtendOutcome.ReturnMissing => await form.CardAsync(turn, found, FormMode.Extend, input, [new("to", turn.Word("lendingReserve.form.returnMissing"))], ct),
            ExtendOutcome.NotLater n => await form.CardAsync(turn, found, FormMode.Extend, input,
                [new("to", turn.Format("lendingReserve.refuse.extendLater", Wording.Moment(turn.Lang, n.ReturnUtc, now)))], ct),
            ExtendOutcome.Broken b => await form.CardAsync(turn, found, FormMode.Extend, input, [.. ReservationForm.Words(turn, b.Rules)], ct),
            var other => throw new InvalidOperationException($"no answer for {other}"),
        };
    }

    /// <summary>
    /// Moves the return of the person's loan to the Berlin date and time given ("2026-12-08", "09:30"), under the item
    /// lock with the same rules as the card; anything refused changes nothing.
    /// </summary>
    public async Task<ExtendOutcome> ExtendAsync(long id, Person person, string toDate, string toTime, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (found, owner) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct);
        if (found is null) return Refused(owner);
        await using var locked = await ItemLock.EnterAsync(db, found.ItemId, ct);
        if (locked is null) return new ExtendOutcome.Unknown();
        var (r, again) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct, tracked: true);
        if (r is null) return Refused(again);
        if (r.Status != ReservationStatus.Lent) return new ExtendOutcome.NotLent();
        var now = time.GetUtcNow().UtcDateTime;
        var input = ReservationInput.Of(new LendingRange(r.StartsAtUtc, r.EndsAtUtc), r.Quantity) with { ToDate = toDate, ToTime = toTime };
        if (!input.TryRange(out var range)) return new ExtendOutcome.ReturnMissing();
        if (range.ToUtc == r.EndsAtUtc) return new ExtendOutcome.Extended(r.EndsAtUtc);
        if (range.ToUtc < r.EndsAtUtc || range.ToUtc <= now) return new ExtendOutcome.NotLater(r.EndsAtUtc);

        var broken = await facts.CheckAsync(locked.Item, r.Quantity, range, person.AadObjectId, lang, ct, changing: r, extension: true);
        if (broken.Count > 0) return new ExtendOutcome.Broken(broken);

        r.EndsAtUtc = range.ToUtc;
        r.ScheduleVersion++;
        r.UpdatedAtUtc = now;
        r.Lang = person.Lang;
        await receipts.SendAsync(r, locked.Item.Name, ReceiptKind.Extended, ct);
        await locked.CommitAsync(ct);
        return new ExtendOutcome.Extended(range.ToUtc);
    }

    private static ExtendOutcome Refused(Ownership owner) => owner == Ownership.NotYours ? new ExtendOutcome.NotYours() : new ExtendOutcome.Unknown();
}

/// <summary>What an extension did, or why it did nothing (the card and the page say it in their own way).</summary>
public abstract record ExtendOutcome
{
    private ExtendOutcome()
    {
    }

    /// <summary>The return is now <paramref name="ReturnUtc"/> (also when it already was: a repeated click).</summary>
    public sealed record Extended(DateTime ReturnUtc) : ExtendOutcome;

    public sealed record NotLent : ExtendOutcome;

    public sealed record Unknown : ExtendOutcome;

    public sealed record NotYours : ExtendOutcome;

    /// <summary>No readable date and time for the new return.</summary>
    public sealed record ReturnMissing : ExtendOutcome;

    /// <summary>The new return is not after the current one (<paramref name="ReturnUtc"/>) or lies in the past.</summary>
    public sealed record NotLater(DateTime ReturnUtc) : ExtendOutcome;

    /// <summary>The lending rules refuse it (not free, too long, closed that day, ...).</summary>
    public sealed record Broken(IReadOnlyList<BrokenRule> Rules) : ExtendOutcome;
}
