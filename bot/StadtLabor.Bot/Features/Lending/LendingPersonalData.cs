using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending.Records;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// "meine daten" for lending: the person's reservations (future, lent now, earlier), their "tell me when free"
/// wishes and, for the lab team, what they did (items created, requests decided, handovers, returns, blocks).
/// Erasing runs under the <see cref="ItemLock"/> of every item the person reserved (all taken at once, in the
/// lock's fixed order, because inside a turn the locks are held until the turn commits): future reservations go
/// and free their units, a lent one stays (the device is still with the person), earlier ones stay for the item's
/// history and the lab's figures but link nobody.
/// </summary>
public sealed class LendingPersonalData(
    LabDbContext db, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies, LendingWatchers watchers, TimeProvider time) : IPersonalData
{
    public const string Reservations = "lendingReservations";
    public const string Lent = "lendingLent";
    public const string Earlier = "lendingEarlier";
    public const string Watches = "lendingWatches";
    public const string TeamWork = "lendingTeamWork";

    /// <summary>Stands in for the person on an anonymised reservation: random per row, so two of them cannot even be told to be one person's.</summary>
    public const string ErasedPrefix = "erased:";

    private static readonly ReservationStatus[] Future = [ReservationStatus.Requested, ReservationStatus.Confirmed];
    private static readonly ReservationStatus[] Past =
        [ReservationStatus.Returned, ReservationStatus.Cancelled, ReservationStatus.Declined, ReservationStatus.NoShow];

    public IReadOnlyList<Type> Covers => [typeof(LendingReservation), typeof(LendingWatch), typeof(LendingItem), typeof(MaintenanceBlock)];

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var statuses = await db.LendingReservations().Where(r => r.UserAadObjectId == id).Select(r => r.Status).ToListAsync(ct);
        var days = options.Value.DaysFor<PurgeLendingRecords>(policies);
        return
        [
            new(Reservations, statuses.Count(Future.Contains), days),
            new(Lent, statuses.Count(s => s == ReservationStatus.Lent), days),
            new(Earlier, statuses.Count(Past.Contains), days),
            new(Watches, await db.LendingWatches().CountAsync(w => w.UserAadObjectId == id, ct), days),
            new(TeamWork, await TeamWorkCountAsync(id, ct)),
        ];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var names = await db.LendingItems().AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var mine = await db.LendingReservations().AsNoTracking().Where(r => r.UserAadObjectId == id)
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var watches = await db.LendingWatches().AsNoTracking().Where(w => w.UserAadObjectId == id).OrderBy(w => w.Id).ToListAsync(ct);
        // The lab team's own work: only that they did it, when and on which item, never whose reservation it was.
        var handled = await db.LendingReservations().AsNoTracking()
            .Where(r => r.DecidedByAadObjectId == id || r.HandedOverByAadObjectId == id || r.ReceivedBackByAadObjectId == id)
            .OrderBy(r => r.Id)
            .Select(r => new { r.ItemId, r.DecidedByAadObjectId, r.DecidedAtUtc, r.HandedOverByAadObjectId, r.LentAtUtc, r.ReceivedBackByAadObjectId, r.ReturnedAtUtc })
            .ToListAsync(ct);
        var items = await db.LendingItems().AsNoTracking().Where(i => i.CreatedByAadObjectId == id).OrderBy(i => i.Id)
            .Select(i => new { i.Name, i.CreatedAtUtc }).ToListAsync(ct);
        var blocks = await db.MaintenanceBlocks().AsNoTracking().Where(b => b.CreatedByAadObjectId == id || b.ClearedByAadObjectId == id)
            .OrderBy(b => b.Id).ToListAsync(ct);

        var records = new List<PersonalRecord>();
        records.AddRange(mine.Select(r => new PersonalRecord(KindOf(r.Status), new Dictionary<string, object?>
        {
            ["item"] = names.GetValueOrDefault(r.ItemId, ""),
            ["quantity"] = r.Quantity,
            ["startsAtUtc"] = r.StartsAtUtc,
            ["endsAtUtc"] = r.EndsAtUtc,
            ["status"] = r.Status.ToString(),
            ["name"] = r.UserName,
            ["aadObjectId"] = r.UserAadObjectId,
            ["language"] = r.Lang,
            ["purpose"] = r.Purpose,
            ["pickupPlace"] = r.PickupPlace,
            ["reason"] = r.Reason,
            ["decidedAtUtc"] = r.DecidedAtUtc,
            ["lentAtUtc"] = r.LentAtUtc,
            ["receiptConfirmedAtUtc"] = r.ReceiptConfirmedAtUtc,
            ["returnedAtUtc"] = r.ReturnedAtUtc,
            ["createdAtUtc"] = r.CreatedAtUtc,
            ["updatedAtUtc"] = r.UpdatedAtUtc,
        })));
        records.AddRange(watches.Select(w => new PersonalRecord(Watches, new Dictionary<string, object?>
        {
            ["item"] = names.GetValueOrDefault(w.ItemId, ""),
            ["fromUtc"] = w.FromUtc,
            ["toUtc"] = w.ToUtc,
            ["aadObjectId"] = w.UserAadObjectId,
            ["language"] = w.Lang,
            ["createdAtUtc"] = w.CreatedAtUtc,
            ["notifiedAtUtc"] = w.NotifiedAtUtc,
        })));
        foreach (var r in handled)
        {
            var item = names.GetValueOrDefault(r.ItemId, "");
            if (r.DecidedByAadObjectId == id) records.Add(Work("decided", item, r.DecidedAtUtc));
            if (r.HandedOverByAadObjectId == id) records.Add(Work("handedOver", item, r.LentAtUtc));
            if (r.ReceivedBackByAadObjectId == id) records.Add(Work("receivedBack", item, r.ReturnedAtUtc));
        }
        records.AddRange(items.Select(i => Work("itemCreated", i.Name, i.CreatedAtUtc)));
        foreach (var b in blocks)
        {
            var item = names.GetValueOrDefault(b.ItemId, "");
            if (b.CreatedByAadObjectId == id) records.Add(Work("blockCreated", item, b.CreatedAtUtc));
            if (b.ClearedByAadObjectId == id) records.Add(Work("blockCleared", item, b.ClearedAtUtc));
        }
        return records;
    }

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        int removed = 0, lent = 0, anonymised = 0, watches = 0;
        var itemIds = await db.LendingReservations().Where(r => r.UserAadObjectId == id).Select(r => r.ItemId).Distinct().ToListAsync(ct);
        await using (var locked = await ItemLock.EnterAllAsync(db, itemIds, ct))
        {
            if (locked is not null)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var mine = await db.LendingReservations().Where(r => r.UserAadObjectId == id).ToListAsync(ct);
                var futureIds = mine.Where(r => Future.Contains(r.Status)).Select(r => r.Id).ToList();
                // Erasure is a right, not a cancellation: no deadline applies and the units are free at once.
                db.LendingCheckLines().RemoveRange(await db.LendingCheckLines().Where(l => futureIds.Contains(l.ReservationId)).ToListAsync(ct));
                foreach (var r in mine)
                {
                    if (Future.Contains(r.Status))
                    {
                        db.LendingReservations().Remove(r);
                        removed++;
                    }
                    else if (r.Status == ReservationStatus.Lent)
                    {
                        lent++;
                    }
                    else
                    {
                        r.UserAadObjectId = ErasedPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                        r.UserName = "";
                        r.TenantId = "";
                        r.Lang = Strings.German;
                        r.Purpose = "";
                        // The lab's reason was written to the person and may name them.
                        r.Reason = "";
                        r.UpdatedAtUtc = now;
                        anonymised++;
                    }
                }
                // The person's own wishes go first, so the units freed here are offered to others only.
                watches += await db.LendingWatches().Where(w => w.UserAadObjectId == id).ExecuteDeleteAsync(ct);
                var freed = mine.Where(r => Future.Contains(r.Status)).ToList();
                if (freed.Count > 0) await watchers.SaveAndNotifyAsync(locked, freed.Min(r => r.StartsAtUtc), freed.Max(r => r.EndsAtUtc), ct);
                await locked.CommitAsync(ct);
            }
        }
        watches += await db.LendingWatches().Where(w => w.UserAadObjectId == id).ExecuteDeleteAsync(ct);
        var team = await EraseTeamWorkAsync(id, ct);
        return
        [
            new(Reservations, removed),
            new(Lent, 0, lent, lent > 0 ? "lentNow" : null),
            new(Earlier, 0, anonymised, anonymised > 0 ? "lendingAnonymous" : null),
            new(Watches, watches),
            new(TeamWork, team, team, team > 0 ? "lendingTeamStays" : null),
        ];
    }

    /// <summary>
    /// The lab team's columns only say who did something; emptying them changes no count, so it needs no item lock
    /// (a concurrent change under the lock writes other columns of the row). The records themselves stay.
    /// </summary>
    private async Task<int> EraseTeamWorkAsync(string id, CancellationToken ct)
    {
        var rows = await db.LendingReservations().Where(r => r.DecidedByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DecidedByAadObjectId, ""), ct);
        rows += await db.LendingReservations().Where(r => r.HandedOverByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HandedOverByAadObjectId, ""), ct);
        rows += await db.LendingReservations().Where(r => r.ReceivedBackByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedBackByAadObjectId, ""), ct);
        rows += await db.LendingItems().Where(i => i.CreatedByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedByAadObjectId, ""), ct);
        rows += await db.MaintenanceBlocks().Where(b => b.CreatedByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CreatedByAadObjectId, ""), ct);
        rows += await db.MaintenanceBlocks().Where(b => b.ClearedByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClearedByAadObjectId, ""), ct);
        return rows;
    }

    private async Task<int> TeamWorkCountAsync(string id, CancellationToken ct) =>
        await db.LendingReservations().CountAsync(r => r.DecidedByAadObjectId == id, ct)
        + await db.LendingReservations().CountAsync(r => r.HandedOverByAadObjectId == id, ct)
        + await db.LendingReservations().CountAsync(r => r.ReceivedBackByAadObjectId == id, ct)
        + await db.LendingItems().CountAsync(i => i.CreatedByAadObjectId == id, ct)
        + await db.MaintenanceBlocks().CountAsync(b => b.CreatedByAadObjectId == id, ct)
        + await db.MaintenanceBlocks().CountAsync(b => b.ClearedByAadObjectId == id, ct);

    private static PersonalRecord Work(string action, string item, DateTime? atUtc) => new(TeamWork, new Dictionary<string, object?>
    {
        ["action"] = action,
        ["item"] = item,
        ["atUtc"] = atUtc,
    });

    private static string KindOf(ReservationStatus status) => status switch
    {
        ReservationStatus.Requested or ReservationStatus.Confirmed => Reservations,
        ReservationStatus.Lent => Lent,
        _ => Earlier,
    };
}
