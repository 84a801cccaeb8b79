using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// How a feature sends a message later. It adds a row to the caller's DbContext; the caller's SaveChanges (or
/// transaction) commits it together with the change that caused it. A dedupe key already used is ignored.
/// </summary>
public sealed class OutboxWriter(LabDbContext db, TimeProvider time)
{
    /// <summary>To a conversation we have a reference for (a team channel, a group chat, a known 1:1 chat).</summary>
    public Task<bool> ToConversationAsync(string dedupeKey, string tenantId, string serviceUrl, string conversationId,
        Activity activity, CancellationToken ct, DateTime? notBeforeUtc = null) =>
        AddAsync(new OutboxMessage
        {
            DedupeKey = dedupeKey,
            TenantId = tenantId,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ConversationKey = conversationId,
            ActivityJson = Serialize(activity),
        }, notBeforeUtc, ct);

    /// <summary>To a person's 1:1 chat; the dispatcher creates the chat when we have none yet.</summary>
    public Task<bool> ToUserAsync(string dedupeKey, string tenantId, string userAadObjectId, Activity activity,
        CancellationToken ct, DateTime? notBeforeUtc = null) =>
        AddAsync(new OutboxMessage
        {
            DedupeKey = dedupeKey,
            TenantId = tenantId,
            ServiceUrl = "",
            UserAadObjectId = userAadObjectId,
            ConversationKey = "user:" + userAadObjectId,
            ActivityJson = Serialize(activity),
        }, notBeforeUtc, ct);

    /// <summary>Replaces a card sent earlier through the outbox (e.g. an offer that expired) with a new one.</summary>
    public async Task<bool> UpdateAsync(string dedupeKey, string originalDedupeKey, Activity activity, CancellationToken ct)
    {
        var original = await db.OutboxMessages().AsNoTracking().SingleOrDefaultAsync(m => m.DedupeKey == originalDedupeKey, ct)
            ?? db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity).FirstOrDefault(m => m.DedupeKey == originalDedupeKey);
        if (original is null) return false;
        return await AddAsync(new OutboxMessage
        {
            DedupeKey = dedupeKey,
            TenantId = original.TenantId,
            ServiceUrl = original.ServiceUrl,
            ConversationId = original.ConversationId,
            UserAadObjectId = original.UserAadObjectId,
            ConversationKey = original.ConversationKey,
            UpdatesDedupeKey = originalDedupeKey,
            ActivityJson = Serialize(activity),
        }, null, ct);
    }

    private async Task<bool> AddAsync(OutboxMessage message, DateTime? notBeforeUtc, CancellationToken ct)
    {
        // Teams re-delivers activities; the business key makes the second enqueue a no-op (and the unique index
        // settles a race between two instances: the loser's transaction fails and its retry sees the row).
        if (db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.DedupeKey == message.DedupeKey)) return false;
        if (await db.OutboxMessages().AnyAsync(m => m.DedupeKey == message.DedupeKey, ct)) return false;
        var now = time.GetUtcNow().UtcDateTime;
        message.Status = OutboxStatus.Pending;
        message.CreatedAtUtc = now;
        message.NextAttemptAtUtc = notBeforeUtc is { } later && later > now ? later : now;
        db.OutboxMessages().Add(message);
        return true;
    }

    private static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ConnectorJson.Options);
}
