using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// The header's links: every page area with the role it needs. A person sees only the links their roles allow
/// (asked through the same RoleGate as the pages themselves), so nobody is shown a door that answers 403.
/// </summary>
public sealed class PageNav(RoleGate gate)
{
    public sealed record Link(string Href, string WordKey, Role Role);

    public static IReadOnlyList<Link> All { get; } =
    [
        new("/meine", "nav.mine", Role.Staff),
        new("/labor/schulungen", "nav.trainings", Role.LabTeam),
        new("/labor/ausleihe", "nav.lending", Role.LabTeam),
        new("/labor/status", "nav.status", Role.LabTeam),
        new("/ideen", "nav.ideas", Role.Lotse),
        new("/ideen/fristen", "nav.deadlines", Role.Lotse),
        new("/umfragen/auswertung", "nav.surveys", Role.ResearchPartner),
    ];

    public async Task<IReadOnlyList<Link>> ForAsync(LabUser? user, CancellationToken ct)
    {
        if (user is null) return [];
        var links = new List<Link>();
        foreach (var link in All)
            if (await gate.AllowsAsync(user, link.Role, ct)) links.Add(link);
        return links;
    }
}
