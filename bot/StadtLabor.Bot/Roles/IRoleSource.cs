namespace StadtLabor.Bot.Roles;

/// <summary>
/// Where role assignments come from. The embedded default is <see cref="ConfiguredRoleSource"/> (the Roles section
/// of the configuration); with Graph on, Graph/Roles' GraphRoleSource adds the roles of the person's Entra groups
/// (transitive, cached). Nothing else changes, because every check goes through <see cref="RoleGate"/>. Messages to a
/// role's holders ask <see cref="RoleHolders"/> instead. See docs/roles.md.
/// </summary>
public interface IRoleSource
{
    /// <summary>
    /// The assigned roles of a person (Staff need not be included; Admin need not be expanded). Called only when an
    /// action needs more than Staff. A lookup that fails returns no roles: deny, never guess.
    /// </summary>
    Task<IReadOnlySet<Role>> RolesOfAsync(LabUser user, CancellationToken ct);
}
