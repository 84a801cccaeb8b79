using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// A person as far as we can tell who they are: the Entra object id within a tenant, plus what we may use to find
/// the UPN (from a token claim later, for pages; or by asking the connector about the Teams member, for turns).
/// </summary>
public sealed record LabUser(string TenantId, string AadObjectId, string? Upn = null, TeamsMemberAddress? Member = null)
{
    /// <summary>Null when the activity carries no object id or tenant: such a sender is Staff at most.</summary>
    public static LabUser? From(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        if (string.IsNullOrWhiteSpace(turn.UserAadObjectId) || string.IsNullOrWhiteSpace(activity.TenantId)) return null;
        var member = activity.ServiceUrl is { Length: > 0 } serviceUrl && turn.UserId is { Length: > 0 } userId && turn.ConversationId.Length > 0
            ? new TeamsMemberAddress(serviceUrl, turn.ConversationId, userId)
            : null;
        return new LabUser(activity.TenantId, turn.UserAadObjectId, Member: member);
    }
}

/// <summary>Where the connector can tell us about a member: GET v3/conversations/{conversation}/members/{user}.</summary>
public sealed record TeamsMemberAddress(string ServiceUrl, string ConversationId, string UserId);
