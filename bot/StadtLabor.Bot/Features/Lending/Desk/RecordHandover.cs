using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>What became of a handover: the card and the desk page turn it into words.</summary>
public abstract record HandoverOutcome
{
    private HandoverOutcome() { }

    /// <summary>No such reservation (an edited payload, a form id that never existed); nothing changed.</summary>
    public sealed record NotFound : HandoverOutcome;

    /// <summary>Not open for a handover now (<see cref="RecordHandover.Refusal"/> says why); nothing changed.</summary>
    public sealed record Refused(LendingReservation Reservation) : HandoverOutcome;

    /// <summary>A line was counted wrong: the messages by item id (<see cref="Checklist.Read"/>); nothing changed.</summary>
    public sealed record Invalid(LendingReservation Reservation, IReadOnlyDictionary<long, string> Errors) : HandoverOutcome;

    public sealed record HandedOver(LendingReservation Reservation) : HandoverOutcome;
}

/// <summary>
/// The handover itself, for the card ("Übergabe speichern", <see cref="HandOver"/>) and the desk page alike: the
/// counted checklist is kept (CheckLines, kind Handover), the reservation becomes Lent with who handed it over and when,
/// and the borrower gets a message in their chat listing what they received, with the button that confirms receipt.
/// All in one transaction under the item lock, the message through the outbox keyed by the reservation: a second
/// submit (or a redelivery) finds it Lent and changes nothing. Only a confirmed reservation on or after its pickup day
/// can be handed over. The counts come as the card sends them (count_&lt;itemId&gt;, note_&lt;itemId&gt;; untrusted).
/// </summary>
public sealed class RecordHandover(LabDbContext db, Checklist checklist, ReceiptCard receipt, TimeProvider time)
{
    public async Task<HandoverOutcome> RunAsync(long reservationId, string byAadObjectId, JsonObject counts, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var seen = await db.LendingReservations().AsNoTracking().SingleOrDefaultAsync(r => r.Id == reservationId, ct);
        if (seen is null) return new HandoverOutcome.NotFound();

        await using var locked = await ItemLock.EnterAsync(db, seen.ItemId, ct);
        if (locked is null) return new HandoverOutcome.NotFound();
        var r = await db.LendingReservations().SingleAsync(x => x.Id == reservationId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (!CanHandOver(r, now)) return new HandoverOutcome.Refused(r);

        var lines = await checklist.HandoverLinesAsync(r, ct);
        var errors = new Dictionary<long, string>();
        var counted = checklist.Read(counts, lines, withDamaged: false, lang, errors);
        if (errors.Count > 0) return new HandoverOutcome.Invalid(r, errors);

        foreach (var (line, count) in lines.Zip(counted))
        {
            db.LendingCheckLines().Add(new CheckLine
            {
                ReservationId = r.Id,
                Kind = CheckKind.Handover,
                ItemId = line.ItemId,
                Expected = line.Expected,
                Counted = count.Counted,
                Note = count.Note,
                CreatedAtUtc = now,
            });
        }
        r.Status = ReservationStatus.Lent;
        r.LentAtUtc = now;
        r.HandedOverByAadObjectId = byAadObjectId;
        r.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await receipt.SendAsync(r, ct);
        await locked.CommitAsync(ct);
        return new HandoverOutcome.HandedOver(r);
    }

    /// <summary>Open for a handover: confirmed, not yet lent, and its pickup day (Berlin) has come.</summary>
    public static bool CanHandOver(LendingReservation r, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.LentAtUtc is null && r.Status == ReservationStatus.Confirmed && PickupDay(r) <= DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc));
    }

    /// <summary>Why this reservation cannot be handed over now, in words; "" when it can.</summary>
    public static string Refusal(Strings strings, string lang, LendingReservation r, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(r);
        if (r.LentAtUtc is { } lentAt) return strings.Format(lang, "lendingDesk.handover.already", Wording.Moment(lang, lentAt, nowUtc));
        if (CanHandOver(r, nowUtc)) return "";
        return r.Status switch
        {
            ReservationStatus.Requested => strings.Get(lang, "lendingDesk.handover.notApproved"),
            ReservationStatus.Confirmed => strings.Format(lang, "lendingDesk.handover.tooEarly", Wording.Day(lang, PickupDay(r), nowUtc)),
            _ => strings.Format(lang, "lendingDesk.handover.notOpen", strings.Get(lang, "lendingDesk.status." + DeskCards.StatusKey(r.Status))),
        };
    }

    private static DateOnly PickupDay(LendingReservation r) => DateOnly.FromDateTime(TrainingTime.ToBerlin(r.StartsAtUtc));
}
