using Microsoft.EntityFrameworkCore;

namespace StadtLabor.Bot.Data;

/// <summary>
/// A turn is one unit of work: everything it writes commits together when its handler returns and rolls back when it
/// throws, however often it called SaveChanges. The transaction opens at the turn's first write, not before: a turn
/// that only reads ("hilfe", "schulungen", most clicks) never opens one. On SQLite a transaction that may write holds
/// the file's one write lock from its start, so opening it for every turn made every reading turn wait for every
/// other; on PostgreSQL it costs two round trips. Reads before the first write see the latest committed state, as
/// they would at READ COMMITTED; a decision that needs a stable view takes its lock first (SessionLock,
/// LabTransaction), and taking the lock is a write that opens the transaction.
/// The first write is noticed wherever it happens (<see cref="FirstWriteOpensTransaction"/>): SaveChanges,
/// ExecuteUpdate/ExecuteDelete, raw SQL, or <see cref="LabTransaction.BeginAsync"/>.
/// </summary>
public static class TurnTransaction
{
    public static async Task<T> RunAsync<T>(LabDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null || db.OpensTransactionOnWrite)
            throw new InvalidOperationException("A turn's unit of work does not nest.");
        db.OpensTransactionOnWrite = true;
        try
        {
            var result = await work();
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(ct);
                await transaction.DisposeAsync();
            }
            return result;
        }
        catch
        {
            // Nothing of the failed handler may be saved later in this request by accident.
            if (db.Database.CurrentTransaction is { } transaction) await transaction.DisposeAsync();
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            db.OpensTransactionOnWrite = false;
        }
    }
}
