using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Picks due messages and leases them to this instance. A conversation is served by one instance at a time (its
/// messages stay in order and its Teams limits hold across instances); a lease that runs out after a crash frees them.
/// </summary>
internal static class OutboxClaims
{
    public static async Task<List<OutboxMessage>> ClaimAsync(LabDbContext db, string claimToken, int batch, int perConversation,
        DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claims are short; serialising them across instances keeps "one instance per conversation" exact.
        if (postgres) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(727001)", ct);

        var candidates = await db.Database.SqlQuery<long>($"""
            SELECT r."Id" AS "Value" FROM (
              SELECT m."Id",
                     ROW_NUMBER() OVER (PARTITION BY m."ConversationKey" ORDER BY m."Id") AS rn,
                     MIN(m."Id") OVER (PARTITION BY m."ConversationKey") AS first_id
              FROM outbox_messages m
              WHERE m."Status" = 0 AND m."NextAttemptAtUtc" <= {now}
                AND (m."LeaseUntilUtc" IS NULL OR m."LeaseUntilUtc" <= {now})
                AND NOT EXISTS (SELECT 1 FROM outbox_messages l
                                WHERE l."ConversationKey" = m."ConversationKey" AND l."Status" = 0 AND l."LeaseUntilUtc" > {now})
                -- a postponed earlier message of the conversation holds back the ones behind it (order)
                AND NOT EXISTS (SELECT 1 FROM outbox_messages p
                                WHERE p."ConversationKey" = m."ConversationKey" AND p."Status" = 0 AND p."Id" < m."Id"
                                  AND p."NextAttemptAtUtc" > {now} AND p."LastError" IS NOT NULL)
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

        return await db.OutboxMessages().Where(m => m.ClaimedBy == claimToken && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id).ToListAsync(ct);
    }
}
