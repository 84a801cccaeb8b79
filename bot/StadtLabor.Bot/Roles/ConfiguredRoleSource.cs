using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// The embedded default: roles from the Roles section, by object id, or by UPN. Teams activities carry no UPN, so
/// when (and only when) UPN assignments exist we ask the connector who the member is and remember it for an hour.
/// </summary>
public sealed partial class ConfiguredRoleSource(
    RoleAssignments assignments, UpnCache upns, ConnectorClient connector, ILogger<ConfiguredRoleSource> log) : IRoleSource
{
    public async Task<IReadOnlySet<Role>> RolesOfAsync(LabUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var byObjectId = assignments.ForObjectId(user.AadObjectId);
        if (!assignments.HasUpnAssignments || byObjectId.Contains(Role.Admin)) return byObjectId;

        var upn = user.Upn ?? await LookUpUpnAsync(user, ct);
        if (upn is null) return byObjectId;
        var byUpn = assignments.ForUpn(upn);
        return byUpn.Count == 0 ? byObjectId : byObjectId.Union(byUpn).ToHashSet();
    }

    private async Task<string?> LookUpUpnAsync(LabUser user, CancellationToken ct)
    {
        if (upns.TryGet(user, out var cached)) return cached;
        if (user.Member is not { } member) return null;

        // A role check runs inside a turn that Teams waits for: a throttled lookup fails fast instead of waiting.
        connector.WaitOutThrottling = false;
        var (result, found) = await connector.GetMemberAsync(member.ServiceUrl, member.ConversationId, member.UserId, ct);
        if (result is not SendResult.Sent)
        {
            LogLookupFailed(log, result.GetType().Name);
            upns.Set(user, null, UpnCache.FailureLifetime);
            return null;
        }
        // The connector answers for the member the activity came from; an answer about someone else is not used.
        var upn = found?.AadObjectId is { } id && !string.Equals(id, user.AadObjectId, StringComparison.OrdinalIgnoreCase)
            ? null
            : found?.UserPrincipalName;
        upns.Set(user, string.IsNullOrWhiteSpace(upn) ? null : upn, UpnCache.Lifetime);
        return upn;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Role check: the member's UPN could not be looked up ({Result}); UPN role assignments do not apply for a minute")]
    private static partial void LogLookupFailed(ILogger logger, string result);
}
