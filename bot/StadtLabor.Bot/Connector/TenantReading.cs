using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Connector;

public enum TenantReadingKind
{
    /// <summary>Neither channelData.tenant.id nor conversation.tenantId is given.</summary>
    Missing,
    Found,

    /// <summary>A tenant field of another JSON type (a number, an array, a tenant that is not an object): a 400.</summary>
    Malformed,

    /// <summary>Both places name a tenant and they differ: which one would we believe? A 403.</summary>
    Conflicting,
}

/// <summary>
/// Teams writes the tenant twice: <c>channelData.tenant.id</c> and <c>conversation.tenantId</c>. Both come from the
/// request body, so they are read without trusting their JSON types, and a body that names two tenants is refused.
/// </summary>
public sealed record TenantReading(TenantReadingKind Kind, string? TenantId)
{
    public static TenantReading Of(Activity activity)
    {
        string? fromChannelData = null;
        switch (activity.ChannelData?["tenant"])
        {
            case null:
                break;
            case JsonObject tenant:
                switch (tenant["id"])
                {
                    case null:
                        break;
                    case JsonValue id when id.GetValueKind() == JsonValueKind.String:
                        fromChannelData = id.GetValue<string>();
                        break;
                    default:
                        return new(TenantReadingKind.Malformed, null);
                }
                break;
            default:
                return new(TenantReadingKind.Malformed, null);
        }

        var fromConversation = activity.Conversation?.TenantId;
        if (string.IsNullOrEmpty(fromChannelData)) fromChannelData = null;
        if (string.IsNullOrEmpty(fromConversation)) fromConversation = null;
        if (fromChannelData is not null && fromConversation is not null &&
            !string.Equals(fromChannelData, fromConversation, StringComparison.OrdinalIgnoreCase))
            return new(TenantReadingKind.Conflicting, null);
        var named = fromChannelData ?? fromConversation;
        return named is null ? new(TenantReadingKind.Missing, null) : new(TenantReadingKind.Found, named);
    }
}
