using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>The parts of the role digests; each belongs to one role and is shown only to a reader that role grants.</summary>
public enum RoleSection
{
    LotsenWaiting,
    LotsenDeadlines,
    LotsenAnswers,
    LabTrainings,
    LabPickups,
    LabReturns,
    LabMaintenance,
    LabOutbox,
    InnovationSurveys,
    InnovationIdeas,
}

/// <summary>
/// Who gets which role digest and what is in it, as pure rules (the role matrix the tests walk).
/// A person gets one card per role they hold in their own right (configuration or group), not through another role:
/// Admin gets none (operators, not a team), and the innovation department, which RoleRules.Grants lets do what a Lotse
/// does, gets the Lotsen digest only when it is also assigned Lotse, so nobody reads the triage queue twice under two
/// hats. Two roles, two cards: each edition is acknowledged on its own (the lab team's "Erledigt" says nothing about
/// the triage queue) and counted per kind on the status card, and each card stays small.
/// </summary>
public static class RoleSections
{
    public static readonly DigestKind[] Kinds = [DigestKind.LabTeam, DigestKind.Lotsen, DigestKind.Innovation];

    public static Role RoleOf(DigestKind kind) => kind switch
    {
        DigestKind.LabTeam => Role.LabTeam,
        DigestKind.Lotsen => Role.Lotse,
        DigestKind.Innovation => Role.Innovation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a role digest"),
    };

    /// <summary>The role a reader needs for the section's data (what the verbs behind its buttons need too).</summary>
    public static Role Requires(RoleSection section) => section switch
    {
        RoleSection.LotsenWaiting or RoleSection.LotsenDeadlines or RoleSection.LotsenAnswers => Role.Lotse,
        RoleSection.InnovationSurveys or RoleSection.InnovationIdeas => Role.Innovation,
        _ => Role.LabTeam,
    };

    /// <summary>The digests a person with these assigned roles gets.</summary>
    public static IReadOnlyList<DigestKind> KindsFor(IReadOnlySet<Role> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        return [.. Kinds.Where(k => held.Contains(RoleOf(k)))];
    }

    /// <summary>The sections of a digest, in card order, that this reader may see (a section is never shown to one its role does not grant).</summary>
    public static IReadOnlyList<RoleSection> For(DigestKind kind, IReadOnlySet<Role> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var own = RoleOf(kind);
        return [.. Enum.GetValues<RoleSection>().Where(s => Requires(s) == own && RoleRules.Grants(held, Requires(s)))];
    }
}
