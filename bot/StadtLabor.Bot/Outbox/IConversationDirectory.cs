namespace StadtLabor.Bot.Outbox;

/// <summary>A 1:1 chat with a user, as far as we know it.</summary>
public sealed record PersonalConversation(string ConversationId, string ServiceUrl, string? UserId, string? BotId);

/// <summary>A team channel or group chat the app is installed in (active), for posting to it.</summary>
public sealed record KnownConversation(string ConversationId, string ServiceUrl, string TenantId);

/// <summary>
/// Where the outbox finds (and remembers) a user's 1:1 chat. Implemented by the Installations feature, which owns
/// the conversation references; the outbox itself knows no feature.
/// </summary>
public interface IConversationDirectory
{
    /// <summary>The known 1:1 chats of these users (one query for a whole claim of messages), by user object id.</summary>
    Task<IReadOnlyDictionary<string, PersonalConversation>> FindPersonalAsync(string tenantId, IReadOnlyCollection<string> userAadObjectIds, CancellationToken ct);

    /// <summary>A service URL to create a conversation in this tenant (from any installation we know).</summary>
    Task<string?> ServiceUrlForTenantAsync(string tenantId, CancellationToken ct);

    /// <summary>The active installation for this conversation id (e.g. a configured announcement channel); null when unknown or removed.</summary>
    Task<KnownConversation?> FindConversationAsync(string conversationId, CancellationToken ct);

    /// <summary>The person had a 1:1 chat with us and removed the app (an installation we keep as inactive): not installed again.</summary>
    Task<bool> RemovedAppAsync(string tenantId, string userAadObjectId, CancellationToken ct);

    Task RememberPersonalAsync(string tenantId, string userAadObjectId, PersonalConversation conversation, CancellationToken ct);
}
