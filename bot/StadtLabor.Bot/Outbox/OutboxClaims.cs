using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Picks due messages and leases them to this instance. A conversation is served by one instance at a time (its
/// messages stay in order and its Teams limits hold across instances); a lease that runs out after a crash frees them.
/// </summary>
internal static class OutboxClaims
{
    /// <summary>Claims due messages of any conversation, or only of <paramref name="onlyConversation"/>; untracked rows.</summary>
    public static async Task<List<OutboxMessage>> ClaimAsync(LabDbContext db, string claimToken, int batch, int perConversation,
        DateTime now, DateTime leaseUntil, CancellationToken ct, string? onlyConversation = null)
    {
        var conversation = onlyConversation ?? ""; // "" = any (a typed parameter either way, which PostgreSQL needs)
        var postgres = db.Database.IsNpgsql();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claims are short; serialising them across instances keeps "one instance per conversation" exact.
        if (postgres) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(727001)", ct);

        // One pass over the pending rows with window functions, no self-joins: right after a fan-out lands in a table
        // without statistics yet, PostgreSQL planned the NOT EXISTS form as a nested loop (400 ms for 2,200 rows).
        var candidates = await db.Database.SqlQuery<long>($"""
            SELECT r."Id" AS "Value" FROM (
              SELECT c."Id",
                     ROW_NUMBER() OVER (PARTITION BY c."ConversationKey" ORDER BY c."Id") AS rn,
                     MIN(c."Id") OVER (PARTITION BY c."ConversationKey") AS first_id
              FROM (
                SELECT m."Id", m."ConversationKey", m."NextAttemptAtUtc", m."LeaseUntilUtc",
                       -- a conversation with a leased message is being served (by us or another instance)
                       MAX(CASE WHEN m."LeaseUntilUtc" > {now} THEN 1 ELSE 0 END) OVER (PARTITION BY m."ConversationKey") AS leased,
                       -- a postponed earlier message of the conversation holds back the ones behind it (order)
                       MAX(CASE WHEN m."NextAttemptAtUtc" > {now} AND m."LastError" IS NOT NULL THEN 1 ELSE 0 END)
                         OVER (PARTITION BY m."ConversationKey" ORDER BY m."Id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS held_back
                FROM outbox_messages m
                WHERE m."Status" = 0 AND ({conversation} = '' OR m."ConversationKey" = {conversation})
              ) c
              WHERE c."NextAttemptAtUtc" <= {now} AND (c."LeaseUntilUtc" IS NULL OR c."LeaseUntilUtc" <= {now})
                AND c.leased = 0 AND COALESCE(c.held_back, 0) = 0
            ) r
            WHERE r.rn <= {perConversation}
            ORDER BY r.first_id, r."Id"
            LIMIT {batch}
            """).ToListAsync(ct);
        if (candidates.Count == 0) return [];

        if (postgres)
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_messages SET "LeaseUntilUtc" = {leaseUntil}, "ClaimedBy" = {claimToken}
                WHERE "Id" IN (SELECT "Id" FROM outbox_messages
                               WHERE "Id" = ANY({candidates.ToArray()}) AND "Status" = 0
                                 AND ("LeaseUntilUtc" IS NULL OR "LeaseUntilUtc" <= {now})
                               FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            await db.OutboxMessages()
                .Where(m => candidates.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntilUtc == null || m.LeaseUntilUtc <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntilUtc, leaseUntil).SetProperty(m => m.ClaimedBy, claimToken), ct);
        }
        await tx.CommitAsync(ct);

        return await db.OutboxMessages().AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.ClaimedBy == claimToken && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id).ToListAsync(ct);
    }
}
