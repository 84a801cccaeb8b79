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
public static class SessionLock
{
    /// <summary>Call first thing inside the transaction. False when the session does not exist.</summary>
    public static async Task<bool> AcquireAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        await db.TrainingSessions()
            .Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockStamp, x => x.LockStamp + 1), ct) == 1;
}
