using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>The outbox asks here for a user's 1:1 chat; the answer comes from the installations we stored.</summary>
public sealed class ConversationDirectory(LabDbContext db, TimeProvider time) : IConversationDirectory
{
    public async Task<IReadOnlyDictionary<string, PersonalConversation>> FindPersonalAsync(string tenantId,
        IReadOnlyCollection<string> userAadObjectIds, CancellationToken ct)
    {
        var rows = await db.Installations().AsNoTracking()
            .Where(i => i.TenantId == tenantId && userAadObjectIds.Contains(i.UserAadObjectId!) && i.ConversationType == "personal" && i.Active)
            .ToListAsync(ct);
        // A user may have several (reinstalled the app): the most recently updated one is the current chat.
        return rows.GroupBy(i => i.UserAadObjectId!).Select(g => g.MaxBy(i => i.UpdatedAtUtc)!)
            .ToDictionary(i => i.UserAadObjectId!, i => new PersonalConversation(i.ConversationId, i.ServiceUrl, i.UserId, i.BotId));
    }

    public Task<string?> ServiceUrlForTenantAsync(string tenantId, CancellationToken ct) =>
        db.Installations().AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.Active)
            .OrderByDescending(i => i.UpdatedAtUtc)
            .Select(i => i.ServiceUrl)
            .FirstOrDefaultAsync(ct);

    public Task<KnownConversation?> FindConversationAsync(string conversationId, CancellationToken ct) =>
        db.Installations().AsNoTracking()
            .Where(i => i.ConversationId == conversationId && i.Active)
            .Select(i => new KnownConversation(i.ConversationId, i.ServiceUrl, i.TenantId))
            .FirstOrDefaultAsync(ct);

    public Task<bool> RemovedAppAsync(string tenantId, string userAadObjectId, CancellationToken ct) =>
        db.Installations().AnyAsync(i => i.TenantId == tenantId && i.UserAadObjectId == userAadObjectId && i.ConversationType == "personal" && !i.Active, ct);

    /// <summary>A chat the outbox created (the user has the app, but never wrote to us): remember it for next time.</summary>
    public async Task RememberPersonalAsync(string tenantId, string userAadObjectId, PersonalConversation conversation, CancellationToken ct)
    {
        if (await db.Installations().AnyAsync(i => i.ConversationId == conversation.ConversationId, ct)) return;
        var now = time.GetUtcNow().UtcDateTime;
        db.Installations().Add(new Installation
        {
            ConversationId = conversation.ConversationId,
            ServiceUrl = conversation.ServiceUrl,
            TenantId = tenantId,
            ConversationType = "personal",
            UserAadObjectId = userAadObjectId,
            UserId = conversation.UserId,
            BotId = conversation.BotId,
            Active = true,
            InstalledAtUtc = now,
            UpdatedAtUtc = now,
        });
        // Saved with the outbox row by the caller, in one transaction.
    }
}
