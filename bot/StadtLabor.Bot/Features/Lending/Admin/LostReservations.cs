using System.Globalization;
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
/// After the lab team retires an item or changes its quantity or parts (written, not committed, under the
/// <see cref="ItemLock"/>), the reservations not yet picked up that can no longer be served are cancelled, latest
/// created first: each is asked about with <see cref="Availability"/> counting everything else, so an older
/// reservation keeps its units whenever a newer one can give them up. The caller either rolls back (to ask first,
/// naming how many) or commits, and then <see cref="TellAsync"/> writes each person's message into the same
/// transaction with alternatives from the same category.
/// </summary>
public sealed class LostReservations(
    LabDbContext db, Availability availability, Alternatives offers, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages,
    TimeProvider time)
{
    /// <summary>The items whose free units a change of these items can alter: themselves, their parts, and the kits that use any of them.</summary>
    public async Task<IReadOnlyCollection<long>> ConcernedAsync(IEnumerable<long> itemIds, CancellationToken ct)
    {
        var ids = itemIds.ToHashSet();
        var parts = await db.KitParts().AsNoTracking().Where(p => ids.Contains(p.KitId)).Select(p => p.PartId).ToListAsync(ct);
        ids.UnionWith(parts);
        var kits = await db.KitParts().AsNoTracking().Where(p => ids.Contains(p.PartId)).Select(p => p.KitId).ToListAsync(ct);
        ids.UnionWith(kits);
        return ids;
    }

    /// <summary>Cancels (in the open transaction) what no longer fits among the reservations of these items; returns them.</summary>
    public async Task<IReadOnlyList<LendingReservation>> CancelAsync(IReadOnlyCollection<long> itemIds, CancellationToken ct)
    {
        // The change itself must be visible to the availability queries of this transaction.
        await db.SaveChangesAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.LendingReservations()
            .Where(r => itemIds.Contains(r.ItemId) && (r.Status == ReservationStatus.Requested || r.Status == ReservationStatus.Confirmed)
                && r.EndsAtUtc > now)
            .OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id)
            .ToListAsync(ct);
        var lost = new List<LendingReservation>();
        foreach (var r in candidates)
        {
            var snapshot = await availability.LoadAsync([r.ItemId], r.StartsAtUtc, r.EndsAtUtc, ct, exceptReservationId: r.Id);
            if (snapshot.Free(r.ItemId, r.StartsAtUtc, r.EndsAtUtc) >= r.Quantity) continue;
            r.Status = ReservationStatus.Cancelled;
            r.UpdatedAtUtc = now;
            // Saved at once: the next, older reservation is counted without this one.
            await db.SaveChangesAsync(ct);
            lost.Add(r);
        }
        return lost;
    }

    /// <summary>
    /// Sets each cancelled reservation's reason and queues one message per reservation and change
    /// (<paramref name="change"/> names the change, e.g. the lock stamp), so the same change delivered twice tells nobody twice.
    /// </summary>
    public async Task TellAsync(IReadOnlyList<LendingReservation> lost, bool retired, string change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lost);
        if (lost.Count == 0) return;
        var itemIds = lost.Select(r => r.ItemId).Distinct().ToList();
        var items = await db.LendingItems().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        foreach (var r in lost)
        {
            var item = items[r.ItemId];
            var lang = await languages.ForPersonAsync(r.TenantId, r.UserAadObjectId, r.Lang, ct);
            r.Reason = CardText.Plain(strings.Get(lang, retired ? "lendingAdmin.affected.reasonRetired" : "lendingAdmin.affected.reasonReduced"), LendingLimits.Reason);
            var alternatives = await offers.ForAsync(r.ItemId, r.Quantity, r.StartsAtUtc, r.EndsAtUtc, ct);
            var card = cards.Render("lending/affected", lang, new JsonObject
            {
                ["headline"] = strings.Format(lang, "lendingAdmin.affected.headline", CardText.Plain(item.Name)),
                ["item"] = CardText.Plain(item.Name),
                ["when"] = new LendingRange(r.StartsAtUtc, r.EndsAtUtc).Text(lang),
                ["quantity"] = strings.Format(lang, "lendingAdmin.affected.quantity", r.Quantity),
                ["reason"] = r.Reason,
                ["alternatives"] = new JsonArray([.. alternatives.Select(a => (JsonNode)new JsonObject
                {
                    ["name"] = CardText.Plain(a.Name),
                    ["free"] = strings.Format(lang, "lendingAdmin.affected.free", a.Free),
                    ["title"] = strings.Format(lang, "lendingAdmin.affected.details", CardText.Plain(a.Name, 60)),
                    ["verb"] = "lending.item",
                    ["id"] = a.ItemId,
                })]),
                ["hasAlternatives"] = alternatives.Count > 0,
                ["noAlternatives"] = alternatives.Count == 0,
            });
            await outbox.ToUserAsync(Key(r.Id, change), r.TenantId, r.UserAadObjectId, Activity.Card(card), ct);
        }
        await db.SaveChangesAsync(ct);
    }

    public static string Key(long reservationId, string change) =>
        string.Create(CultureInfo.InvariantCulture, $"lending.affected:{reservationId}:{change}");
}
