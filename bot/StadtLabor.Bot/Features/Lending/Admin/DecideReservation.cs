using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// "Genehmigen" (lendingAdmin.approve) and "Ablehnen" (lendingAdmin.decline, a reason required) on the approval
/// queue. Under the <see cref="ItemLock"/> the request is read again: only a reservation still waiting is decided,
/// so a second click (or a colleague deciding at the same moment) changes nothing and hears "schon entschieden".
/// A waiting reservation already holds its units, so approving never overbooks. The requester is told in their
/// language through the outbox in the same transaction (key lending.decision:{id}); the queue refreshes in place.
/// </summary>
public sealed class DecideReservation(
    LabDbContext db, ApprovalList queue, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages, LendingWatchers watchers,
    TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return AdminAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "reservationId", out var reservationId)) return AdminAnswers.BadRequest(turn);
        var approve = turn.Verb == "lendingAdmin.approve";
        var reason = "";
        if (!approve)
        {
            // Every request row has its own field; a payload may also name it plainly.
            reason = CardInput.Text(data, "reason") is { Length: > 0 } plain ? plain : CardInput.Text(data, ApprovalList.ReasonField(reservationId));
            var error = reason.Length == 0 ? turn.Word("lendingAdmin.error.reasonMissing")
                : reason.Length > LendingLimits.Reason ? turn.Format("lendingAdmin.error.reasonTooLong", LendingLimits.Reason) : "";
            if (error.Length > 0)
                return new VerbResult.Card(turn.Card("lendingAdmin/approvals", await queue.DataAsync(turn, "", ct, reservationId, error, reason)));
        }

        var itemId = await db.LendingReservations().Where(r => r.Id == reservationId).Select(r => (long?)r.ItemId).SingleOrDefaultAsync(ct);
        if (itemId is null) return AdminAnswers.BadRequest(turn);
        string notice;
        await using (var locked = await ItemLock.EnterAsync(db, itemId.Value, ct))
        {
            if (locked is null) return AdminAnswers.BadRequest(turn);
            var r = await db.LendingReservations().SingleAsync(x => x.Id == reservationId, ct);
            if (r.Status != ReservationStatus.Requested)
            {
                notice = turn.Word("lendingAdmin.done.alreadyDecided");
            }
            else
            {
                var now = time.GetUtcNow().UtcDateTime;
                r.Status = approve ? ReservationStatus.Confirmed : ReservationStatus.Declined;
                r.Reason = reason;
                r.DecidedByAadObjectId = person.AadObjectId;
                r.DecidedAtUtc = now;
                r.UpdatedAtUtc = now;
                await TellAsync(r, locked.Item, approve, ct);
                // A declined request held its units until now: those waiting for them may hear of it.
                if (!approve) await watchers.SaveAndNotifyAsync(locked, r.StartsAtUtc, r.EndsAtUtc, ct);
                await locked.CommitAsync(ct);
                notice = turn.Format(approve ? "lendingAdmin.done.approved" : "lendingAdmin.done.declined", CardText.Plain(r.UserName), CardText.Plain(locked.Item.Name));
            }
        }
        return new VerbResult.Card(turn.Card("lendingAdmin/approvals", await queue.DataAsync(turn, notice, ct)));
    }

    private async Task TellAsync(LendingReservation r, LendingItem item, bool approved, CancellationToken ct)
    {
        var lang = await languages.ForPersonAsync(r.TenantId, r.UserAadObjectId, r.Lang, ct);
        var card = cards.Render("lending/labDecision", lang, new JsonObject
        {
            ["headline"] = strings.Format(lang, approved ? "lendingAdmin.decision.approved" : "lendingAdmin.decision.declined", CardText.Plain(item.Name)),
            ["item"] = CardText.Plain(item.Name),
            ["when"] = new LendingRange(r.StartsAtUtc, r.EndsAtUtc).Text(lang),
            ["quantity"] = strings.Format(lang, "lendingAdmin.affected.quantity", r.Quantity),
            ["place"] = CardText.Plain(r.PickupPlace),
            ["hasPlace"] = approved && r.PickupPlace.Length > 0,
            ["reason"] = CardText.Plain(r.Reason, LendingLimits.Reason),
            ["hasReason"] = !approved,
            ["next"] = strings.Get(lang, approved ? "lendingAdmin.decision.approvedNext" : "lendingAdmin.decision.declinedNext"),
        });
        // One decision per reservation: a redelivered click finds it decided and sends nothing.
        await outbox.ToUserAsync($"lending.decision:{r.Id}", r.TenantId, r.UserAadObjectId, Activity.Card(card), ct);
    }
}
