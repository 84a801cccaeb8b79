using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Every change of an idea (status, assignment, comment, support, merge) runs under a lock on its row, taken by a
/// write (Version + 1): on PostgreSQL the UPDATE holds the row until commit and a second Lotse waits, then reads the
/// new state; on SQLite the transaction holds the database's write lock. A merge locks both ideas in ascending id
/// order, so two merges can never wait for each other in a circle.
/// </summary>
/// <example>
/// <code>
/// await using var locked = await IdeaLock.EnterAsync(db, ideaId, ct);
/// if (locked is null) return ...;                  // no such idea
/// if (locked.VersionBefore != versionOnTheCard) ... // someone else changed it: show the new state, change nothing
/// locked.Idea.Status = ...; add an IdeaEvent, outbox rows ...
/// await locked.CommitAsync(ct);                    // save and commit; leaving without it rolls back
/// </code>
/// </example>
public static class IdeaLock
{
    public static async Task<LockedIdeas?> EnterAsync(LabDbContext db, long ideaId, CancellationToken ct) =>
        await EnterAllAsync(db, [ideaId], ct);

    /// <summary>Locks all of these ideas; null (and nothing held) when any of them does not exist.</summary>
    public static async Task<LockedIdeas?> EnterAllAsync(LabDbContext db, IReadOnlyCollection<long> ideaIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ideaIds);
        if (ideaIds.Count == 0) return null;
        // Rows read before the lock may be stale by now; everything that decides is read again under it.
        db.ChangeTracker.Clear();
        var tx = await LabTransaction.BeginAsync(db, ct);
        try
        {
            var ids = ideaIds.Distinct().Order().ToList();
            foreach (var id in ids)
            {
                var locked = await db.Ideas().Where(i => i.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct) == 1;
                if (!locked)
                {
                    await tx.DisposeAsync();
                    return null;
                }
            }
            var ideas = await db.Ideas().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            return new LockedIdeas(db, tx, ideas[ideaIds.First()], ideas);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Ideas this unit of work may change; disposing without <see cref="CommitAsync"/> rolls back (and the version with it).</summary>
public sealed class LockedIdeas(LabDbContext db, LabTransaction tx, Idea idea, IReadOnlyDictionary<long, Idea> all) : IAsyncDisposable
{
    /// <summary>The idea asked for first (tracked: changes are saved with the rest). Its Version is already raised.</summary>
    public Idea Idea => idea;

    public IReadOnlyDictionary<long, Idea> All => all;

    /// <summary>The version a card showed before this change: compare the card's version with it.</summary>
    public int VersionBefore => idea.Version - 1;

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => tx.DisposeAsync();
}
