using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>What became of a return: the card and the desk page turn it into words.</summary>
public abstract record ReturnOutcome
{
    private ReturnOutcome() { }

    /// <summary>No such reservation; nothing changed.</summary>
    public sealed record NotFound : ReturnOutcome;

    /// <summary>Not lent (<see cref="RecordReturn.Refusal"/> says why); nothing changed.</summary>
    public sealed record Refused(LendingReservation Reservation) : ReturnOutcome;

    /// <summary>A line was counted wrong: the messages by item id (<see cref="Checklist.Read"/>); nothing changed.</summary>
    public sealed record Invalid(LendingReservation Reservation, IReadOnlyDictionary<long, string> Errors) : ReturnOutcome;

    /// <summary>Taken back; <paramref name="Blocked"/> lines went into maintenance, <paramref name="Affected"/> reservations were told.</summary>
    public sealed record Returned(LendingReservation Reservation, int Blocked, int Affected) : ReturnOutcome;
}

/// <summary>
/// The return itself, for the card ("Rücknahme speichern", <see cref="TakeBack"/>) and the desk page alike: the
/// counted checklist is kept (CheckLines, kind Return), the reservation becomes Returned. A line with parts missing or
/// damaged puts those units of that part (or of the device itself) into an open-ended maintenance block: a kit is
/// packed from the lab's stock of its parts, so a missing tablet takes one tablet out, and <see cref="Availability"/>
/// then makes the kit unavailable only when too few tablets remain, instead of blocking the whole kit while spare
/// tablets sit on the shelf. The borrower gets a summary, the lab team too when something is short, and every future
/// reservation that no longer fits is told at once (<see cref="ServeCheck"/>). One transaction under the item lock; a
/// second submit finds it Returned. Counts as the card sends them (count_, damaged_, note_&lt;itemId&gt;; untrusted).
/// </summary>
public sealed class RecordReturn(LabDbContext db, Checklist checklist, ServeCheck serve, ReturnSummary summary, TimeProvider time)
{
    public async Task<ReturnOutcome> RunAsync(long reservationId, string byAadObjectId, JsonObject counts, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var seen = await db.LendingReservations().AsNoTracking().SingleOrDefaultAsync(r => r.Id == reservationId, ct);
        if (seen is null) return new ReturnOutcome.NotFound();

        await using var locked = await ItemLock.EnterAsync(db, seen.ItemId, ct);
        if (locked is null) return new ReturnOutcome.NotFound();
        var r = await db.LendingReservations().SingleAsync(x => x.Id == reservationId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (r.Status != ReservationStatus.Lent) return new ReturnOutcome.Refused(r);

        var lines = await checklist.ReturnLinesAsync(r, ct);
        var errors = new Dictionary<long, string>();
        var counted = checklist.Read(counts, lines, withDamaged: true, lang, errors);
        if (errors.Count > 0) return new ReturnOutcome.Invalid(r, errors);

        var blocks = new List<MaintenanceBlock>();
        foreach (var (line, count) in lines.Zip(counted))
        {
            db.LendingCheckLines().Add(new CheckLine
            {
                ReservationId = r.Id,
                Kind = CheckKind.Return,
                ItemId = line.ItemId,
                Expected = line.Expected,
                Counted = count.Counted,
                Damaged = count.Damaged,
                Note = count.Note,
                CreatedAtUtc = now,
            });
            var missing = line.Expected - count.Counted;
            if (missing + count.Damaged == 0) continue;
            blocks.Add(new MaintenanceBlock
            {
                ItemId = line.ItemId,
                Quantity = missing + count.Damaged,
                StartsAtUtc = now,
                EndsAtUtc = null,
                Reason = missing > 0 ? MaintenanceReason.MissingPart : MaintenanceReason.Damaged,
                Note = count.Note,
                ReservationId = r.Id,
                CreatedByAadObjectId = byAadObjectId,
                CreatedAtUtc = now,
            });
        }
        db.MaintenanceBlocks().AddRange(blocks);
        r.Status = ReservationStatus.Returned;
        r.ReturnedAtUtc = now;
        r.ReceivedBackByAadObjectId = byAadObjectId;
        r.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);

        var affected = blocks.Count == 0 ? [] : await serve.FindAsync(blocks.Select(b => b.ItemId).Distinct().ToList(), now, null, ct);
        await serve.TellAsync(affected, "return" + r.Id.ToString(CultureInfo.InvariantCulture), ct);
        await summary.SendAsync(r, blocks, affected, ct);
        await locked.CommitAsync(ct);
        return new ReturnOutcome.Returned(r, blocks.Count, affected.Count);
    }

    /// <summary>Why this reservation cannot be taken back, in words; "" when it can (it is lent).</summary>
    public static string Refusal(Strings strings, string lang, LendingReservation r, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(r);
        return r.Status switch
        {
            ReservationStatus.Lent => "",
            ReservationStatus.Returned => strings.Format(lang, "lendingDesk.return.already", Wording.Moment(lang, r.ReturnedAtUtc ?? r.UpdatedAtUtc, nowUtc)),
            _ => strings.Format(lang, "lendingDesk.return.notLent", strings.Get(lang, "lendingDesk.status." + DeskCards.StatusKey(r.Status))),
        };
    }
}
