using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// Stores or refreshes the conversation reference of an activity. Idempotent: Teams sends installationUpdate and
/// conversationUpdate for the same install, sometimes at the same moment, and re-sends both when it is unsure.
/// </summary>
internal static class SaveReference
{
    /// <summary>Returns true when the conversation was not active before (a new install or a re-install).</summary>
    public static async Task<bool> ActivateAsync(LabDbContext db, Activity activity, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Installations().SingleOrDefaultAsync(i => i.ConversationId == activity.Conversation!.Id, ct);
            var now = time.GetUtcNow().UtcDateTime;
            var wasActive = row?.Active == true;
            if (row is null)
            {
                row = new Installation
                {
                    ConversationId = activity.Conversation!.Id!,
                    ServiceUrl = activity.ServiceUrl!,
                    TenantId = activity.TenantId!,
                    ConversationType = activity.ConversationType,
                    InstalledAtUtc = now,
                };
                db.Installations().Add(row);
            }
            if (wasActive && row.ServiceUrl == activity.ServiceUrl) return false;

            row.ServiceUrl = activity.ServiceUrl!;
            row.BotId = activity.Recipient?.Id;
            if (activity.ConversationType == "personal")
            {
                row.UserId = activity.From?.Id;
                row.UserAadObjectId = activity.From?.AadObjectId;
            }
            // channelData is request data: a team id of another JSON type, or longer than any Teams writes, is not kept.
            row.TeamId = activity.ChannelData?["team"] is System.Text.Json.Nodes.JsonObject { } team && team["id"] is System.Text.Json.Nodes.JsonValue id
                && id.GetValueKind() == System.Text.Json.JsonValueKind.String && id.GetValue<string>() is { Length: <= 256 } teamId ? teamId : null;
            if (!wasActive) row.InstalledAtUtc = now;
            row.Active = true;
            row.UpdatedAtUtc = now;
            try
            {
                await db.SaveChangesAsync(ct);
                return !wasActive;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Someone stored the same conversation a moment ago (unique index); read theirs and decide again.
                db.ChangeTracker.Clear();
            }
        }
    }

    public static async Task DeactivateAsync(LabDbContext db, string conversationId, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Installations()
            .Where(i => i.ConversationId == conversationId && i.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Active, false).SetProperty(i => i.UpdatedAtUtc, now), ct);
    }
}
