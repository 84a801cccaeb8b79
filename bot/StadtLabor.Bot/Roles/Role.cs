using System.Text.Json;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// Who may do what. Staff is everyone who reaches the bot (the tenant allow-list already let them in); the others
/// are assigned (configuration now, Entra groups later). Admin implies every other role.
/// </summary>
public enum Role
{
    Staff,
    LabTeam,
    Lotse,
    Innovation,
    ResearchPartner,
    Admin,
}

public static class RoleRules
{
    /// <summary>The decision itself, kept pure so the whole matrix can be tested without a database or a connector.</summary>
    public static bool Grants(IReadOnlySet<Role> held, Role required)
    {
        ArgumentNullException.ThrowIfNull(held);
        // The innovation department can do everything the Lotsen can (triage, answer, merge) besides its figures, and
        // sees every survey result the research partner sees (the partner's raw export checks the partner role itself).
        return required == Role.Staff || held.Contains(Role.Admin) || held.Contains(required)
            || (required is Role.Lotse or Role.ResearchPartner && held.Contains(Role.Innovation));
    }

    /// <summary>The word for a role on cards: roles.labTeam, roles.researchPartner, ...</summary>
    public static string WordKey(Role role) => "roles." + JsonNamingPolicy.CamelCase.ConvertName(role.ToString());
}
