using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// "Ausmustern" (lendingAdmin.retire {itemId, confirmed?}). Under the <see cref="ItemLock"/> of the item and the
/// kits that use it, the item is marked retired and every reservation not yet picked up that it (or a kit needing
/// it) can no longer serve is cancelled. When there are such reservations and the click was not the confirmation,
/// all of that is rolled back and the card asks first, naming how many people are told; nothing affected, no
/// question. Lent units stay out until they come back. A second confirmation finds the item retired and changes nothing.
/// </summary>
public sealed class RetireItem(LabDbContext db, LostReservations lost, ItemList list, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "itemId", out var itemId)) return AdminAnswers.BadRequest(turn);
        var confirmed = CardInput.Flag(data, "confirmed");
        var concerned = await lost.ConcernedAsync([itemId], ct);

        string name;
        IReadOnlyList<LendingReservation> cancelled;
        var already = false;
        await using (var locked = await ItemLock.EnterAllAsync(db, concerned, ct))
        {
            if (locked is null || !locked.All.TryGetValue(itemId, out var item)) return AdminAnswers.BadRequest(turn);
            name = item.Name;
            if (item.IsRetired)
            {
                already = true;
                cancelled = [];
            }
            else
            {
                item.RetiredAtUtc = time.GetUtcNow().UtcDateTime;
                item.UpdatedAtUtc = item.RetiredAtUtc.Value;
                cancelled = await lost.CancelAsync(concerned, ct);
                if (cancelled.Count == 0 || confirmed)
                {
                    // Retired once, so the key needs no change counter.
                    await lost.TellAsync(cancelled, retired: true, "retired", ct);
                    await locked.CommitAsync(ct);
                }
            }
        }
        if (already)
            return new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, 1, turn.Format("lendingAdmin.done.alreadyRetired", CardText.Plain(name)), ct)));
        if (cancelled.Count > 0 && !confirmed)
        {
            db.ChangeTracker.Clear();
            return new VerbResult.Card(Ask(turn, itemId, name, cancelled));
        }
        var notice = turn.Format("lendingAdmin.done.retired", CardText.Plain(name));
        if (cancelled.Count > 0) notice += " " + turn.Format("lendingAdmin.done.cancelledAndTold", cancelled.Count);
        return new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, 1, notice, ct)));
    }

    private static JsonObject Ask(TurnContext turn, long itemId, string name, IReadOnlyList<LendingReservation> affected)
    {
        var people = affected.Select(r => r.UserAadObjectId).Distinct(StringComparer.Ordinal).Count();
        var plain = CardText.Plain(name, 60);
        return turn.Card("lendingAdmin/confirmRetire", new JsonObject
        {
            ["heading"] = turn.Format("lendingAdmin.confirm.title", CardText.Plain(name)),
            ["affected"] = affected.Count == 1
                ? turn.Word("lendingAdmin.confirm.affectedOne")
                : turn.Format("lendingAdmin.confirm.affected", affected.Count, people),
            ["itemId"] = itemId,
            ["keepTitle"] = turn.Format("lendingAdmin.confirm.keep", plain),
            ["retireTitle"] = affected.Count == 1
                ? turn.Format("lendingAdmin.confirm.retireOne", plain)
                : turn.Format("lendingAdmin.confirm.retire", plain, affected.Count),
        });
    }
}
