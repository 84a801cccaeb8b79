using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Reservations, returns and blocks change under a lock on every item whose units they count: the item itself and,
/// for a kit, each of its parts. The locks are taken by a write (LockStamp + 1) in ascending id order, so a kit and
/// one of its parts reserved at the same moment meet on the part's row and one waits for the other, and two such
/// transactions can never wait for each other in a circle. On PostgreSQL the UPDATE holds the row until commit
/// (READ COMMITTED then reads afresh); on SQLite the transaction holds the database's write lock.
/// </summary>
/// <example>
/// <code>
/// await using var locked = await ItemLock.EnterAsync(db, itemId, ct);
/// if (locked is null) return ...;                 // no such item
/// var free = await availability.LoadAsync(...);   // read under the lock
/// ... add or change reservations ...
/// await locked.CommitAsync(ct);                   // save and commit; leaving without it rolls back
/// </code>
/// </example>
public static class ItemLock
{
    /// <summary>Locks the item and, if it is a kit, its parts; null (and nothing held) when the item does not exist.</summary>
    public static async Task<LockedItems?> EnterAsync(LabDbContext db, long itemId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var parts = await db.KitParts().AsNoTracking().Where(p => p.KitId == itemId).Select(p => p.PartId).ToListAsync(ct);
        return await EnterAsync(db, [itemId, .. parts], itemId, ct);
    }

    /// <summary>Locks all of these items and the parts of the kits among them (e.g. for several reservations of one person); null when none exists.</summary>
    public static async Task<LockedItems?> EnterAllAsync(LabDbContext db, IEnumerable<long> itemIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = itemIds.Distinct().ToList();
        if (ids.Count == 0) return null;
        var parts = await db.KitParts().AsNoTracking().Where(p => ids.Contains(p.KitId)).Select(p => p.PartId).ToListAsync(ct);
        return await EnterAsync(db, [.. ids, .. parts], ids.Min(), ct);
    }

    private static async Task<LockedItems?> EnterAsync(LabDbContext db, IReadOnlyCollection<long> ids, long mainId, CancellationToken ct)
    {
        // Rows read before the lock may be stale by now; everything that decides is read again under it.
        db.ChangeTracker.Clear();
        var tx = await LabTransaction.BeginAsync(db, ct);
        try
        {
            foreach (var id in ids.Distinct().Order())
            {
                var locked = await db.LendingItems().Where(i => i.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockStamp, x => x.LockStamp + 1), ct) == 1;
                if (!locked && id == mainId)
                {
                    await tx.DisposeAsync();
                    return null;
                }
            }
            var items = await db.LendingItems().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            return new LockedItems(db, tx, items[mainId], items);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Items whose reservations this unit of work may change; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class LockedItems(LabDbContext db, LabTransaction tx, LendingItem item, IReadOnlyDictionary<long, LendingItem> all) : IAsyncDisposable
{
    /// <summary>The item asked for (tracked: changes to it are saved with the rest).</summary>
    public LendingItem Item => item;

    /// <summary>Every locked item by id, the parts of a kit included.</summary>
    public IReadOnlyDictionary<long, LendingItem> All => all;

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => tx.DisposeAsync();
}
