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
    /// <summary>
    /// Returns true when the conversation was not active before (a new install or a re-install). Each step is one
    /// atomic statement, so concurrent first activities of one conversation (five quick clicks, a redelivery, install
    /// and conversationUpdate together) give one row and exactly one "new" without a unique violation: an expected
    /// race is not an error and must not put error lines into the operator's log.
    /// </summary>
    public static async Task<bool> ActivateAsync(LabDbContext db, Activity activity, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var conversationId = activity.Conversation!.Id!;
        var serviceUrl = activity.ServiceUrl!;
        var personal = activity.ConversationType == "personal";
        var userId = personal ? activity.From?.Id : null;
        var userAadObjectId = personal ? activity.From?.AadObjectId : null;
        var botId = activity.Recipient?.Id;
        // channelData is request data: a team id of another JSON type, or longer than any Teams writes, is not kept.
        var teamId = activity.ChannelData?["team"] is System.Text.Json.Nodes.JsonObject { } team && team["id"] is System.Text.Json.Nodes.JsonValue id
            && id.GetValueKind() == System.Text.Json.JsonValueKind.String && id.GetValue<string>() is { Length: <= 256 } t ? t : null;

        // INSERT ... ON CONFLICT DO NOTHING is understood by PostgreSQL and SQLite alike.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO installations ("ConversationId", "ServiceUrl", "TenantId", "ConversationType", "BotId", "UserId",
                "UserAadObjectId", "TeamId", "Active", "InstalledAtUtc", "UpdatedAtUtc")
            VALUES ({conversationId}, {serviceUrl}, {activity.TenantId!}, {activity.ConversationType}, {botId}, {userId},
                {userAadObjectId}, {teamId}, {true}, {now}, {now})
            ON CONFLICT ("ConversationId") DO NOTHING
            """, ct);
        if (inserted == 1) return true;

        // Known but uninstalled (a re-install): exactly one concurrent caller may win, or the person is welcomed twice.
        // Reading Active and then writing it would let both see "inactive". This UPDATE decides in one statement: on
        // PostgreSQL (read committed) the second caller waits for the first one's row lock and re-checks Active after
        // its commit; on SQLite a turn's first write takes the write lock (BEGIN IMMEDIATE, queued in SqliteWriteGate) until
        // its commit, so the second one runs only after the first commits.
        var reactivated = await db.Installations()
            .Where(i => i.ConversationId == conversationId && !i.Active)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(i => i.Active, true).SetProperty(i => i.InstalledAtUtc, now);
                Refresh(s);
            }, ct);
        if (reactivated == 1) return true;

        // Active, but Teams now serves the conversation from another serviceUrl.
        await db.Installations()
            .Where(i => i.ConversationId == conversationId && i.ServiceUrl != serviceUrl)
            .ExecuteUpdateAsync(Refresh, ct);
        return false;

        void Refresh(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Installation> s)
        {
            s.SetProperty(i => i.ServiceUrl, serviceUrl).SetProperty(i => i.BotId, botId)
                .SetProperty(i => i.TeamId, teamId).SetProperty(i => i.UpdatedAtUtc, now);
            if (personal) s.SetProperty(i => i.UserId, userId).SetProperty(i => i.UserAadObjectId, userAadObjectId);
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
