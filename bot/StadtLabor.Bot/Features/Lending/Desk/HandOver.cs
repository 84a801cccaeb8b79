using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Übergabe speichern" (lab team): the counted checklist is kept (CheckLines, kind Handover), the reservation becomes
/// Lent with who handed it over and when, and the borrower gets a message in their chat listing what they received,
/// with the button that confirms receipt. All in one transaction under the item lock, the message through the outbox
/// keyed by the reservation: a second submit (or a redelivery) finds it Lent and changes nothing. Only a confirmed
/// reservation on or after its pickup day can be handed over; anything else gets a clear answer and no change.
/// </summary>
public sealed class HandOver(LabDbContext db, DeskCards cards, Checklist checklist, ReceiptCard receipt, Strings strings, TimeProvider time) : IVerbHandler
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
            return new VerbResult.Card(await cards.HandoverAsync(turn, r, null, new Dictionary<long, string>(), refusal, ct));

        var lines = await checklist.HandoverLinesAsync(r, ct);
        var errors = new Dictionary<long, string>();
        var counted = checklist.Read(data, lines, withDamaged: false, turn.Lang, errors);
        if (errors.Count > 0) return new VerbResult.Card(await cards.HandoverAsync(turn, r, data, errors, "", ct));

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
        r.HandedOverByAadObjectId = person.AadObjectId;
        r.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await receipt.SendAsync(r, ct);
        await locked.CommitAsync(ct);

        var done = turn.Format("lendingDesk.handover.done", DeskView.Who(strings, turn.Lang, r));
        return new VerbResult.Card(await cards.HandoverAsync(turn, r, null, new Dictionary<long, string>(), done, ct));
    }

    /// <summary>Why this reservation cannot be handed over now, in words; "" when it can.</summary>
    internal static string Refusal(TurnContext turn, LendingReservation r, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(r);
        if (r.LentAtUtc is { } lentAt) return turn.Format("lendingDesk.handover.already", Wording.Moment(turn.Lang, lentAt, nowUtc));
        return r.Status switch
        {
            ReservationStatus.Requested => turn.Word("lendingDesk.handover.notApproved"),
            ReservationStatus.Confirmed when DateOnly.FromDateTime(TrainingTime.ToBerlin(r.StartsAtUtc)) > DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc))
                => turn.Format("lendingDesk.handover.tooEarly", Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(r.StartsAtUtc)), nowUtc)),
            ReservationStatus.Confirmed => "",
            _ => turn.Format("lendingDesk.handover.notOpen", turn.Word("lendingDesk.status." + DeskCards.StatusKey(r.Status))),
        };
    }
}
