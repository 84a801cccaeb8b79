using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// Who holds a role, for messages to the role's holders (the lending desk's list, escalations to the innovation
/// department, role digests): the object ids assigned the role in the Roles section and the transitive members of its
/// Entra groups (Roles:&lt;Role&gt;:Groups, through <see cref="IGroupDirectory"/>). The role itself, not through Admin:
/// an operator is not sent the lab team's daily list. Enumerating beats asking the role source for every person with
/// the app, which with groups would be one Graph call per person inside a turn.
/// A group Graph cannot list adds nobody this time (deny by default) and is logged without naming anyone.
/// </summary>
public sealed partial class RoleHolders(RoleAssignments assignments, IGroupDirectory directory, ConfiguredRoleSource configured,
    ILogger<RoleHolders> log)
{
    /// <summary>The holders' object ids ("D" format, ordered, each once). UPN assignments cannot be listed: see <see cref="AmongAsync"/>.</summary>
    public async Task<IReadOnlyList<string>> ObjectIdsAsync(Role role, CancellationToken ct)
    {
        var ids = new HashSet<string>(assignments.ObjectIdsWith(role), StringComparer.Ordinal);
        foreach (var group in assignments.GroupIdsWith(role))
        {
            var members = await directory.MembersAsync(group, ct);
            if (members is null)
            {
                LogGroupUnreadable(log, role.ToString());
                continue;
            }
            foreach (var member in members)
                if (Guid.TryParse(member, out var id)) ids.Add(id.ToString("D"));
        }
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Those of <paramref name="candidates"/> (e.g. people with a known 1:1 chat) who hold the role: listed by object
    /// id or group, or, when UPN assignments exist, by their UPN (the configured source asks the connector, an hour's cache).
    /// </summary>
    public async Task<IReadOnlyList<LabUser>> AmongAsync(Role role, IEnumerable<LabUser> candidates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var listed = (await ObjectIdsAsync(role, ct)).ToHashSet(StringComparer.Ordinal);
        var holders = new List<LabUser>();
        foreach (var person in candidates)
        {
            var isListed = Guid.TryParse(person.AadObjectId, out var id) && listed.Contains(id.ToString("D"));
            if (isListed || (assignments.HasUpnAssignments && (await configured.RolesOfAsync(person, ct)).Contains(role)))
                holders.Add(person);
        }
        return holders;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Role holders: a group of role {Role} could not be listed through Graph; its members are not reached this time")]
    private static partial void LogGroupUnreadable(ILogger logger, string role);
}
