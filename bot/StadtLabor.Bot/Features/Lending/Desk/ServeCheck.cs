using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// After a maintenance block: which future reservations can no longer be served, and telling their people at once
/// with alternatives. Asked of <see cref="Availability"/> (never counted here), in start order: a reservation fits
/// when it fits beside the block and the earlier reservations that still fit, so with six headsets, six overlapping
/// loans and one headset blocked only the latest one is told, not all six. Reservations of the blocked item and, for
/// a kit's part, of the kits using it are checked. Run it under the item lock of the blocked items, after the block
/// is written in the same transaction.
///
/// The reservations are kept, not cancelled, and flagged for the lab team (in the lab team's summary or the block
/// form's question): an open-ended block after a return is often short (the cable turns up in the bag, a spare is
/// bought), and a cancellation would take away a place the person may still get; the person hears at once, sees
/// alternatives and can switch or cancel, and the lab team decides with them. The lending rules treat it as any
/// reservation until then.
/// </summary>
public sealed class ServeCheck(LabDbContext db, Availability availability, Alternatives offers, OutboxWriter outbox, CardRenderer cards,
    Strings strings, Languages languages, TimeProvider time)
{
    /// <summary>Occupying reservations not yet handed over that overlap [from, to) and no longer fit, in start order.</summary>
    public async Task<List<LendingReservation>> FindAsync(IReadOnlyCollection<long> blockedItemIds, DateTime fromUtc, DateTime? toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blockedItemIds);
        var ids = blockedItemIds.ToList();
        var kits = await db.KitParts().AsNoTracking().Where(p => ids.Contains(p.PartId)).Select(p => p.KitId).ToListAsync(ct);
        var itemIds = ids.Union(kits).ToList();
        var end = toUtc ?? DateTime.MaxValue;
        var candidates = await db.LendingReservations().AsNoTracking()
            .Where(r => itemIds.Contains(r.ItemId) && (r.Status == ReservationStatus.Requested || r.Status == ReservationStatus.Confirmed)
                && r.EndsAtUtc > fromUtc && r.StartsAtUtc < end)
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);

        var notFitting = new List<LendingReservation>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var r = candidates[i];
            // Only the earlier ones that still fit keep their units; this one and every later one are left out.
            var except = candidates.Skip(i).Select(c => c.Id).Concat(notFitting.Select(n => n.Id)).ToList();
            var snapshot = await availability.LoadAsync([r.ItemId], r.StartsAtUtc, r.EndsAtUtc, except, ct);
            if (snapshot.Free(r.ItemId, r.StartsAtUtc, r.EndsAtUtc) < r.Quantity) notFitting.Add(r);
        }
        return notFitting;
    }

    /// <summary>One message per reservation and cause (card lending/cannotServe), in the caller's transaction.</summary>
    public async Task TellAsync(IReadOnlyList<LendingReservation> affected, string cause, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(affected);
        if (affected.Count == 0) return;
        var names = await DeskView.NamesAsync(db, affected.Select(r => r.ItemId), ct);
        foreach (var tenant in affected.GroupBy(r => r.TenantId))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(r => r.UserAadObjectId), ct);
            foreach (var r in tenant)
            {
                var lang = langs.Of(r.UserAadObjectId, r.Lang);
                var alternatives = new JsonArray();
                foreach (var alt in await offers.ForAsync(r.ItemId, r.Quantity, r.StartsAtUtc, r.EndsAtUtc, ct))
                {
                    alternatives.Add(new JsonObject
                    {
                        ["itemId"] = alt.ItemId,
                        ["text"] = strings.Format(lang, "lendingDesk.cannotServe.alternative", CardText.Plain(alt.Name), alt.Free),
                        ["title"] = strings.Format(lang, "lendingDesk.cannotServe.details", CardText.Plain(alt.Name)),
                    });
                }
                var what = DeskView.What(names.GetValueOrDefault(r.ItemId, ""), r.Quantity);
                var card = cards.Render("lending/cannotServe", lang, new JsonObject
                {
                    ["heading"] = strings.Format(lang, "lendingDesk.cannotServe.heading", what),
                    ["summary"] = TrainingTime.Span(lang, r.StartsAtUtc, r.EndsAtUtc),
                    ["alternatives"] = alternatives,
                    ["hasAlternatives"] = alternatives.Count > 0,
                    ["noAlternatives"] = alternatives.Count == 0,
                });
                await outbox.ToUserAsync(Key(r.Id, cause), r.TenantId, r.UserAadObjectId, Activity.Card(card), ct);
            }
        }
    }

    public static string Key(long reservationId, string cause) => $"lending.cannotServe:{reservationId}:{cause}";

    /// <summary>Lines for the lab team: "VR-Brille ×2 · Erika Mustermann · Di., 8. Dez. 2026 · 10:00–12:00".</summary>
    public async Task<JsonArray> LinesAsync(IReadOnlyList<LendingReservation> affected, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(affected);
        var names = await DeskView.NamesAsync(db, affected.Select(r => r.ItemId), ct);
        var rows = new JsonArray();
        foreach (var r in affected)
            rows.Add(new JsonObject
            {
                ["text"] = $"{DeskView.What(names.GetValueOrDefault(r.ItemId, ""), r.Quantity)} · {DeskView.Who(strings, lang, r)} · {TrainingTime.Span(lang, r.StartsAtUtc, r.EndsAtUtc)}",
            });
        return rows;
    }

    internal DateTime Now => time.GetUtcNow().UtcDateTime;
}
