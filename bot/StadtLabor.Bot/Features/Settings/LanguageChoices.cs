using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// The languages people chose, read on every turn (by the primary key: one index seek) and for every message sent
/// to them later, and written when they choose.
/// </summary>
public sealed class LanguageChoices(LabDbContext db, TimeProvider time) : ILanguageChoices
{
    public Task<string?> ChosenAsync(string tenantId, string userAadObjectId, CancellationToken ct) => db switch
    {
        SqliteLabDbContext sqlite => Chosen<SqliteLabDbContext>.Query(sqlite, tenantId, userAadObjectId, ct),
        PostgresLabDbContext postgres => Chosen<PostgresLabDbContext>.Query(postgres, tenantId, userAadObjectId, ct),
        _ => db.PersonSettings().AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.UserAadObjectId == userAadObjectId)
            .Select(p => p.Language).FirstOrDefaultAsync(ct),
    };

    /// <summary>
    /// Compiled once per provider: this query runs on every turn, and EF's own query cache (hashing the expression
    /// tree to find the plan) cost more than the index seek itself. A compiled query keeps the SQL of the first
    /// context it ran with, so each provider has its own (the tests run both in one process).
    /// </summary>
    private static class Chosen<TContext> where TContext : LabDbContext
    {
        public static readonly Func<TContext, string, string, CancellationToken, Task<string?>> Query =
            EF.CompileAsyncQuery((TContext db, string tenantId, string userAadObjectId, CancellationToken ct) =>
                db.Set<PersonSettings>().AsNoTracking()
                    .Where(p => p.TenantId == tenantId && p.UserAadObjectId == userAadObjectId)
                    .Select(p => p.Language).FirstOrDefault());
    }

    public async Task<IReadOnlyDictionary<string, string>> ChosenAsync(string tenantId, IReadOnlyCollection<string> userAadObjectIds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(userAadObjectIds);
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        // Chunks keep the IN list within what both providers take as parameters (SQLite: 32,766).
        foreach (var ids in userAadObjectIds.Chunk(1000))
        {
            var rows = await db.PersonSettings().AsNoTracking()
                .Where(p => p.TenantId == tenantId && ids.Contains(p.UserAadObjectId) && p.Language != null)
                .Select(p => new { p.UserAadObjectId, p.Language }).ToListAsync(ct);
            foreach (var row in rows) chosen[row.UserAadObjectId] = row.Language!;
        }
        return chosen;
    }

    /// <summary>
    /// Stores the person's choice. One statement that inserts or updates (PostgreSQL and SQLite both understand
    /// ON CONFLICT), so the same click delivered twice at once gives one row and no unique violation.
    /// </summary>
    public async Task SaveAsync(string tenantId, string userAadObjectId, string language, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO person_settings ("TenantId", "UserAadObjectId", "Language", "UpdatedAtUtc")
            VALUES ({tenantId}, {userAadObjectId}, {language}, {now})
            ON CONFLICT ("TenantId", "UserAadObjectId") DO UPDATE SET "Language" = excluded."Language", "UpdatedAtUtc" = excluded."UpdatedAtUtc"
            """, ct);
    }
}
