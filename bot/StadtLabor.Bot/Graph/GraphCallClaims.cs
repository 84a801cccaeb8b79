using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Picks due Graph calls and leases them to one claim of one instance, under rules that hold across instances because
/// every instance claims in the same serialised transaction (PostgreSQL: an advisory transaction lock; SQLite: its
/// write lock, BEGIN IMMEDIATE) and counts the live leases there:
/// one call per order key in flight, oldest first (a postponed earlier call holds back the later ones);
/// at most <c>perMailbox</c> leased calls per mailbox (Outlook: 4 concurrent per app and mailbox);
/// no call of a mailbox that Graph paused (a pending call of it answered 429/503 and waits for its next attempt, so a
/// Retry-After holds for every instance and for calls enqueued after it).
/// A lease that ran out (a crashed instance) counts as free: the call is made again; handlers are idempotent.
/// </summary>
internal static class GraphCallClaims
{
    /// <summary>Serialises claims across instances on PostgreSQL (the outbox uses 727001).</summary>
    private const long AdvisoryLock = 727002;

    /// <summary>Claims up to <paramref name="batch"/> calls for <paramref name="claimToken"/>; untracked rows, oldest first.</summary>
    public static async Task<List<GraphCall>> ClaimAsync(LabDbContext db, string claimToken, int batch, int perMailbox,
        DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (postgres) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLock})", ct);

        // One pass with window functions over the pending rows (the outbox learnt that NOT EXISTS self-joins plan badly).
        var candidates = await db.Database.SqlQuery<long>($"""
            SELECT r."Id" AS "Value" FROM (
              SELECT c."Id", c.leased,
                     ROW_NUMBER() OVER (PARTITION BY c."Mailbox" ORDER BY c."Id") AS in_mailbox
              FROM (
                SELECT g."Id", g."Mailbox", g."NextAttemptAtUtc", g."LeaseUntilUtc",
                       ROW_NUMBER() OVER (PARTITION BY g."OrderKey" ORDER BY g."Id") AS in_order,
                       SUM(CASE WHEN g."LeaseUntilUtc" > {now} THEN 1 ELSE 0 END) OVER (PARTITION BY g."Mailbox") AS leased,
                       MAX(CASE WHEN g."LastStatusCode" IN (429, 503) AND g."NextAttemptAtUtc" > {now} THEN 1 ELSE 0 END)
                         OVER (PARTITION BY g."Mailbox") AS paused
                FROM graph_calls g
                WHERE g."Status" = 0
              ) c
              WHERE c.in_order = 1 AND c.paused = 0 AND c."NextAttemptAtUtc" <= {now}
                AND (c."LeaseUntilUtc" IS NULL OR c."LeaseUntilUtc" <= {now})
            ) r
            WHERE r.in_mailbox + r.leased <= {perMailbox}
            ORDER BY r."Id"
            LIMIT {batch}
            """).ToListAsync(ct);
        if (candidates.Count == 0) return [];

        await db.GraphCalls()
            .Where(c => candidates.Contains(c.Id) && c.Status == GraphCallStatus.Pending && (c.LeaseUntilUtc == null || c.LeaseUntilUtc <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntilUtc, leaseUntil).SetProperty(c => c.ClaimedBy, claimToken), ct);
        await tx.CommitAsync(ct);

        return await db.GraphCalls().AsNoTracking()
            .Where(c => candidates.Contains(c.Id) && c.ClaimedBy == claimToken && c.Status == GraphCallStatus.Pending)
            .OrderBy(c => c.Id).ToListAsync(ct);
    }

    /// <summary>Gives a claimed call back unmade (this instance's budget or pause), due again at <paramref name="dueUtc"/>.</summary>
    public static Task<int> ReleaseAsync(LabDbContext db, long id, string claimToken, DateTime dueUtc, CancellationToken ct) =>
        db.GraphCalls().Where(c => c.Id == id && c.ClaimedBy == claimToken && c.Status == GraphCallStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntilUtc, (DateTime?)null).SetProperty(c => c.NextAttemptAtUtc, dueUtc), ct);
}
