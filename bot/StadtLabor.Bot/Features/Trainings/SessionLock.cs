using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// Seats are counted and given out under a lock on the session row, taken by a write at the start of the
/// transaction: on PostgreSQL the UPDATE holds the row lock until commit, so a second sign-up for the same session
/// waits and then sees the first one's rows (READ COMMITTED reads afresh per statement); on SQLite the transaction
/// is BEGIN IMMEDIATE and holds the database's write lock. Either way two people never count the same free seat,
/// and a waitlist place is never given while a seat is free. Other sessions are not held up on PostgreSQL.
/// </summary>
/// <example>
/// <code>
/// await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
/// if (locked is null) return ...;            // no such session
/// ... change seats of locked.Session ...
/// await locked.CommitAsync(ct);             // save and commit; leaving without it rolls back
/// </code>
/// </example>
public static class SessionLock
{
    /// <summary>
    /// Starts the transaction (a savepoint inside a turn's transaction, see <see cref="LabTransaction"/>) and takes the lock; null (and nothing held) when the session does not exist.</summary>
    public static async Task<LockedSession?> EnterAsync(LabDbContext db, long sessionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Rows read before the lock may be stale by now; everything that decides is read again under it.
        db.ChangeTracker.Clear();
        var tx = await LabTransaction.BeginAsync(db, ct);
        try
        {
            var locked = await db.TrainingSessions()
                .Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockStamp, x => x.LockStamp + 1), ct) == 1;
            if (!locked)
            {
                await tx.DisposeAsync();
                return null;
            }
            var session = await db.TrainingSessions().SingleAsync(s => s.Id == sessionId, ct);
            return new LockedSession(db, tx, session);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A session whose seats this unit of work may change; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class LockedSession(LabDbContext db, LabTransaction tx, TrainingSession session) : IAsyncDisposable
{
    /// <summary>Tracked: changes to it are saved with the rest.</summary>
    public TrainingSession Session => session;

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => tx.DisposeAsync();
}
