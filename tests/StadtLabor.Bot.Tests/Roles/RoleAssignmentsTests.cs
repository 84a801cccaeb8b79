using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>The Roles section: what it accepts, and a message naming the key for everything it refuses.</summary>
public sealed class RoleAssignmentsTests
{
    private const string LenaId = "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61";

    private static (RoleAssignments Assignments, IReadOnlyList<string> Errors) Parse(params (string Key, string? Value)[] settings) =>
        RoleAssignments.Parse(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Parse_ObjectIdsAndUpns_AssignedCaseInsensitively()
    {
        var (assignments, errors) = Parse(
            ("Roles:LabTeam:0", LenaId.ToUpperInvariant()),
            ("Roles:Lotse:0", "Jonas.Lotse@Soest.de"),
            ("Roles:Lotse:1", LenaId),
            ("Roles:admin:0", " anton.admin@soest.de "));

        Assert.Empty(errors);
        Assert.Equal(new HashSet<Role> { Role.LabTeam, Role.Lotse }, assignments.ForObjectId(LenaId));
        Assert.Equal(new HashSet<Role> { Role.LabTeam, Role.Lotse }, assignments.ForObjectId("{" + LenaId + "}"));
        Assert.Equal(new HashSet<Role> { Role.Lotse }, assignments.ForUpn("jonas.lotse@soest.de"));
        Assert.Equal(new HashSet<Role> { Role.Admin }, assignments.ForUpn("ANTON.ADMIN@SOEST.DE"));
        Assert.Empty(assignments.ForObjectId("b1c2d3e4-0000-4000-8000-000000000001"));
        Assert.Empty(assignments.ForObjectId("not-a-guid"));
        Assert.True(assignments.HasUpnAssignments);
    }

    [Fact]
    public void Parse_NoSection_NobodyHasARoleAndNoUpnLookups()
    {
        var (assignments, errors) = Parse();

        Assert.Empty(errors);
        Assert.False(assignments.HasUpnAssignments);
        Assert.Empty(assignments.ForObjectId(LenaId));
    }

    [Fact]
    public void Parse_ObjectIdsOnly_NoUpnLookups()
    {
        var (assignments, _) = Parse(("Roles:Innovation:0", LenaId));

        Assert.False(assignments.HasUpnAssignments);
    }

    [Theory]
    [InlineData("Roles:Gaertner:0", LenaId, "Roles:Gaertner is not a role")]
    [InlineData("Roles:1:0", LenaId, "Roles:1 is not a role")]
    [InlineData("Roles:Staff:0", LenaId, "Roles:Staff")]
    [InlineData("Roles:LabTeam", LenaId, "Roles:LabTeam must be a list")]
    [InlineData("Roles:LabTeam:0", "", "Roles:LabTeam:0 is empty")]
    [InlineData("Roles:LabTeam:0", "Lena Labor", "Roles:LabTeam:0 'Lena Labor' is neither")]
    [InlineData("Roles:LabTeam:0", "lena@", "Roles:LabTeam:0")]
    [InlineData("Roles:LabTeam:0", "@soest.de", "Roles:LabTeam:0")]
    [InlineData("Roles:LabTeam:0", "a@b@c", "Roles:LabTeam:0")]
    [InlineData("Roles:LabTeam:0:Id", LenaId, "Roles:LabTeam:0 must be a single")]
    public void Parse_WrongEntry_ErrorNamesTheKey(string key, string value, string expected)
    {
        var (_, errors) = Parse((key, value));

        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_SeveralWrongEntries_OneMessageNamingEach()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Roles:Gaertner:0"] = LenaId,
            ["Roles:Lotse:0"] = "kein Eintrag",
            ["Roles:Admin:0"] = LenaId,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => RoleAssignments.FromConfiguration(configuration));

        Assert.Contains("Roles:Gaertner", error.Message, StringComparison.Ordinal);
        Assert.Contains("Roles:Lotse:0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Roles:Admin", error.Message, StringComparison.Ordinal);
    }

    private const string LabGroup = "0a1b2c3d-0000-4000-8000-00000000a001";
    private const string AdminGroup = "0a1b2c3d-0000-4000-8000-00000000a0ad";

    [Fact]
    public void Parse_Groups_BesideThePeople_RolesOfTheGroupsGraphNames()
    {
        var (assignments, errors) = Parse(
            ("Graph:Enabled", "true"),
            ("Roles:LabTeam:0", LenaId),
            ("Roles:LabTeam:Groups:0", LabGroup.ToUpperInvariant()),
            ("Roles:Lotse:Groups:0", "{" + LabGroup + "}"),
            ("Roles:Admin:Groups:0", AdminGroup));

        Assert.Empty(errors);
        Assert.Equal(new HashSet<Role> { Role.LabTeam }, assignments.ForObjectId(LenaId));
        Assert.Equal([LabGroup, AdminGroup], assignments.GroupIds);
        Assert.Equal([LabGroup], assignments.GroupIdsWith(Role.Lotse));
        Assert.Equal(new HashSet<Role> { Role.LabTeam, Role.Lotse }, assignments.ForGroups([LabGroup]));
        Assert.Equal(new HashSet<Role> { Role.Admin }, assignments.ForGroups([AdminGroup.ToUpperInvariant(), "not-a-guid", LenaId]));
        // A group is not a person: its id grants nothing as an object id.
        Assert.Empty(assignments.ForObjectId(LabGroup));
    }

    [Theory]
    [InlineData("Roles:LabTeam:Groups:0", "Lab-Team", "Roles:LabTeam:Groups:0 'Lab-Team' is not an Entra group object id")]
    [InlineData("Roles:Admin:Groups:0", "admins@soest.de", "Roles:Admin:Groups:0 'admins@soest.de' is not an Entra group object id")]
    [InlineData("Roles:LabTeam:Groups:0", "", "Roles:LabTeam:Groups:0 is empty")]
    [InlineData("Roles:LabTeam:Groups", LabGroup, "Roles:LabTeam:Groups must be a list")]
    [InlineData("Roles:LabTeam:Groups:0:Id", LabGroup, "Roles:LabTeam:Groups:0 must be a single")]
    public void Parse_WrongGroup_ErrorNamesTheKey(string key, string value, string expected)
    {
        var (_, errors) = Parse(("Graph:Enabled", "true"), (key, value));

        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GroupsWithoutGraph_ErrorNamesTheKeysAndTheSwitch()
    {
        var (_, errors) = Parse(("Roles:LabTeam:Groups:0", LabGroup), ("Roles:Innovation:Groups:0", AdminGroup));

        var error = Assert.Single(errors);
        Assert.Contains("Roles:LabTeam:Groups", error, StringComparison.Ordinal);
        Assert.Contains("Roles:Innovation:Groups", error, StringComparison.Ordinal);
        Assert.Contains("Graph:Enabled", error, StringComparison.Ordinal);
    }
}
