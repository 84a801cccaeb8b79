using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Per-person limits (open loans, units per person) count reservations of *other* items too, which the
/// <see cref="ItemLock"/> does not hold: the same person reserving two items at the same instant could pass the limit
/// twice. On PostgreSQL a transaction-scoped advisory lock on the person serialises their reservations (taken after
/// the item lock, always last, so no two transactions wait for each other in a circle); on SQLite every writer already
/// holds the database's write lock. Released at commit or rollback.
/// </summary>
public static class PersonLock
{
    public static async Task EnterAsync(LabDbContext db, string userAadObjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db is not PostgresLabDbContext) return;
        var key = "lending.person:" + userAadObjectId;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
    }
}
