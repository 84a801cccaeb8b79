namespace StadtLabor.Bot.Roles;

/// <summary>
/// The Roles section: <c>Roles:LabTeam:0 = &lt;Entra object id or UPN&gt;</c>, one list per role, and
/// <c>Roles:LabTeam:Groups:0 = &lt;Entra group object id&gt;</c> for roles from Entra groups (read through Graph by
/// Graph/Roles). Read once at start-up; a wrong entry stops the start, because a typo here silently withholds (or
/// grants) a role.
/// </summary>
public sealed class RoleAssignments
{
    public const string Section = "Roles";
    public const string GroupsKey = "Groups";

    private readonly Dictionary<string, HashSet<Role>> _byObjectId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<Role>> _byUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<Role>> _byGroup = new(StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<Role> None = [];

    /// <summary>Only then is it worth asking the connector for a member's UPN.</summary>
    public bool HasUpnAssignments => _byUpn.Count > 0;

    public IReadOnlySet<Role> ForObjectId(string objectId) =>
        Guid.TryParse(objectId, out var id) ? _byObjectId.GetValueOrDefault(id.ToString("D")) ?? None : None;

    public IReadOnlySet<Role> ForUpn(string upn) => _byUpn.GetValueOrDefault(upn.Trim()) ?? None;

    /// <summary>The object ids assigned this role directly (not through a UPN, nor Admin), e.g. to tell them in their 1:1 chats.</summary>
    public IReadOnlyList<string> ObjectIdsWith(Role role) =>
        [.. _byObjectId.Where(p => p.Value.Contains(role)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Every configured Entra group (object ids, "D" format, ordered), whatever role it grants.</summary>
    public IReadOnlyList<string> GroupIds => [.. _byGroup.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The groups whose members hold this role (not Admin's groups: Admin is expanded by RoleRules, not here).</summary>
    public IReadOnlyList<string> GroupIdsWith(Role role) =>
        [.. _byGroup.Where(p => p.Value.Contains(role)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>The roles granted by membership in these groups (ids Graph answered with; unknown ids grant nothing).</summary>
    public IReadOnlySet<Role> ForGroups(IEnumerable<string> groupIds)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var roles = new HashSet<Role>();
        foreach (var id in groupIds)
            if (Guid.TryParse(id, out var g) && _byGroup.TryGetValue(g.ToString("D"), out var granted)) roles.UnionWith(granted);
        return roles;
    }

    /// <summary>Parses the section; throws naming every wrong key at once.</summary>
    public static RoleAssignments FromConfiguration(IConfiguration configuration)
    {
        var (assignments, errors) = Parse(configuration);
        return errors.Count == 0 ? assignments : throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    internal static (RoleAssignments Assignments, IReadOnlyList<string> Errors) Parse(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = new RoleAssignments();
        var errors = new List<string>();
        var assignable = Enum.GetNames<Role>().Where(n => n != nameof(Role.Staff)).ToList();
        foreach (var roleSection in configuration.GetSection(Section).GetChildren())
        {
            var name = assignable.Find(n => string.Equals(n, roleSection.Key, StringComparison.OrdinalIgnoreCase));
            if (string.Equals(roleSection.Key, nameof(Role.Staff), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{roleSection.Path}: everyone in an allowed tenant is Staff already; remove the Roles:Staff entries.");
                continue;
            }
            if (name is null)
            {
                errors.Add($"{roleSection.Path} is not a role: use {string.Join(", ", assignable)} (e.g. {Section}__LabTeam__0=<object id or UPN>).");
                continue;
            }
            if (!string.IsNullOrEmpty(roleSection.Value))
            {
                errors.Add($"{roleSection.Path} must be a list with one object id or UPN per entry: {Section}__{name}__0, {Section}__{name}__1, ...");
                continue;
            }
            var role = Enum.Parse<Role>(name);
            foreach (var entry in roleSection.GetChildren())
            {
                if (string.Equals(entry.Key, GroupsKey, StringComparison.OrdinalIgnoreCase)) result.AddGroups(role, entry, errors);
                else result.Add(role, entry, errors);
            }
        }
        // Groups are read through Graph; without it they would silently grant nothing, and the lab team would find out
        // by being refused. Better the start says so than a warning nobody reads.
        if (result._byGroup.Count > 0 && !configuration.GetValue("Graph:Enabled", false))
        {
            var keys = configuration.GetSection(Section).GetChildren().SelectMany(r => r.GetChildren())
                .Where(e => string.Equals(e.Key, GroupsKey, StringComparison.OrdinalIgnoreCase)).Select(e => e.Path);
            errors.Add($"{string.Join(", ", keys)} list Entra groups, which are read through Microsoft Graph: set Graph:Enabled=true "
                + "(application permissions GroupMember.Read.All and User.Read.All, docs/teams-setup.md) or remove the group entries.");
        }
        return (result, errors);
    }

    private void AddGroups(Role role, IConfigurationSection groups, List<string> errors)
    {
        if (!string.IsNullOrEmpty(groups.Value))
        {
            errors.Add($"{groups.Path} must be a list with one Entra group object id per entry: {Section}__{role}__{GroupsKey}__0, {Section}__{role}__{GroupsKey}__1, ...");
            return;
        }
        foreach (var entry in groups.GetChildren())
        {
            var value = entry.Value?.Trim();
            if (entry.GetChildren().Any())
                errors.Add($"{entry.Path} must be a single group object id, not a section.");
            else if (string.IsNullOrEmpty(value))
                errors.Add($"{entry.Path} is empty: give the Entra group's object id (a GUID), or remove the entry.");
            else if (Guid.TryParse(value, out var groupId))
                Assign(_byGroup, groupId.ToString("D"), role);
            else
                errors.Add($"{entry.Path} '{value}' is not an Entra group object id (a GUID; the group's name or mail address does not work).");
        }
    }

    private void Add(Role role, IConfigurationSection entry, List<string> errors)
    {
        var value = entry.Value?.Trim();
        if (entry.GetChildren().Any())
            errors.Add($"{entry.Path} must be a single object id or UPN, not a section.");
        else if (string.IsNullOrEmpty(value))
            errors.Add($"{entry.Path} is empty: give an Entra object id (GUID) or a UPN (name@domain), or remove the entry.");
        else if (Guid.TryParse(value, out var objectId))
            Assign(_byObjectId, objectId.ToString("D"), role);
        else if (LooksLikeUpn(value))
            Assign(_byUpn, value, role);
        else
            errors.Add($"{entry.Path} '{value}' is neither an Entra object id (a GUID) nor a UPN (name@domain).");
    }

    private static bool LooksLikeUpn(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0 && !value.Any(char.IsWhiteSpace);
    }

    private static void Assign(Dictionary<string, HashSet<Role>> map, string key, Role role)
    {
        if (!map.TryGetValue(key, out var roles)) map[key] = roles = [];
        roles.Add(role);
    }
}
