using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// Runs one change of seats for a session: a transaction, the session lock first, the change, save, commit. A
/// change that gives up a seat calls <see cref="Waitlist.OfferFreeSeatsAsync"/> inside it, so the offer and its
/// outbox message commit (or fail) together with the cancellation.
/// </summary>
public sealed class SeatChange(LabDbContext db)
{
    /// <returns>What the change returned; default when the session does not exist.</returns>
    public async Task<T?> RunAsync<T>(long sessionId, Func<TrainingSession, Task<T>> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        if (!await SessionLock.AcquireAsync(db, sessionId, ct)) return default;
        var session = await db.TrainingSessions().SingleAsync(s => s.Id == sessionId, ct);
        var result = await change(session);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
