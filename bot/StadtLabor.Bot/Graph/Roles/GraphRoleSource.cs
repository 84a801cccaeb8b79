using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Graph.Roles;

/// <summary>
/// Roles with Graph on: the configured assignments (object ids and UPNs, by the configured source itself) together
/// with the roles of the person's Entra groups (Roles:&lt;Role&gt;:Groups, from <see cref="GroupRoleCache"/>).
/// A group answer Graph cannot give adds nothing; the configured roles still apply.
/// </summary>
public sealed class GraphRoleSource(ConfiguredRoleSource configured, GroupRoleCache groups) : IRoleSource
{
    public async Task<IReadOnlySet<Role>> RolesOfAsync(LabUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var held = await configured.RolesOfAsync(user, ct);
        // Admin implies every role: no group can add anything, so Graph need not be asked.
        if (held.Contains(Role.Admin)) return held;
        var fromGroups = await groups.RolesOfAsync(user.AadObjectId, ct);
        if (fromGroups.Count == 0) return held;
        return held.Count == 0 ? fromGroups : held.Union(fromGroups).ToHashSet();
    }
}
