using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Rücknahme speichern" (lab team): the counted checklist is kept (CheckLines, kind Return), the reservation becomes
/// Returned. A line with parts missing or damaged puts those units of that part (or of the device itself) into an
/// open-ended maintenance block: a kit is packed from the lab's stock of its parts, so a missing tablet takes one
/// tablet out, and <see cref="Availability"/> then makes the kit unavailable only when too few tablets remain,
/// instead of blocking the whole kit while spare tablets sit on the shelf. The borrower gets a summary, the lab team
/// too when something is short, and every future reservation that no longer fits is told at once
/// (<see cref="ServeCheck"/>). One transaction under the item lock; a second submit finds it Returned.
/// </summary>
public sealed class TakeBack(LabDbContext db, DeskCards cards, Checklist checklist, ServeCheck serve, ReturnSummary summary,
    Strings strings, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id)) return DeskAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        if (await cards.ReservationAsync(id, ct) is not { } seen) return DeskAnswers.BadRequest(turn);

        await using var locked = await ItemLock.EnterAsync(db, seen.ItemId, ct);
        if (locked is null) return DeskAnswers.BadRequest(turn);
        var r = await db.LendingReservations().SingleAsync(x => x.Id == id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (Refusal(turn, r, now) is { Length: > 0 } refusal)
            return new VerbResult.Card(await cards.ReturnAsync(turn, r, null, new Dictionary<long, string>(), refusal, ct));

        var lines = await checklist.ReturnLinesAsync(r, ct);
        var errors = new Dictionary<long, string>();
        var counted = checklist.Read(data, lines, withDamaged: true, turn.Lang, errors);
        if (errors.Count > 0) return new VerbResult.Card(await cards.ReturnAsync(turn, r, data, errors, "", ct));

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
                CreatedByAadObjectId = person.AadObjectId,
                CreatedAtUtc = now,
            });
        }
        db.MaintenanceBlocks().AddRange(blocks);
        r.Status = ReservationStatus.Returned;
        r.ReturnedAtUtc = now;
        r.ReceivedBackByAadObjectId = person.AadObjectId;
        r.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);

        var affected = blocks.Count == 0 ? [] : await serve.FindAsync(blocks.Select(b => b.ItemId).Distinct().ToList(), now, null, ct);
        await serve.TellAsync(affected, "return" + r.Id.ToString(CultureInfo.InvariantCulture), ct);
        await summary.SendAsync(r, blocks, affected, ct);
        await locked.CommitAsync(ct);

        var done = blocks.Count == 0
            ? turn.Format("lendingDesk.return.doneComplete", DeskView.Who(strings, turn.Lang, r))
            : turn.Format("lendingDesk.return.doneShort", blocks.Count, affected.Count);
        return new VerbResult.Card(await cards.ReturnAsync(turn, r, null, new Dictionary<long, string>(), done, ct));
    }

    /// <summary>Why this reservation cannot be taken back, in words; "" when it can (it is lent).</summary>
    internal static string Refusal(TurnContext turn, LendingReservation r, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(r);
        return r.Status switch
        {
            ReservationStatus.Lent => "",
            ReservationStatus.Returned => turn.Format("lendingDesk.return.already", Wording.Moment(turn.Lang, r.ReturnedAtUtc ?? r.UpdatedAtUtc, nowUtc)),
            _ => turn.Format("lendingDesk.return.notLent", turn.Word("lendingDesk.status." + DeskCards.StatusKey(r.Status))),
        };
    }
}
