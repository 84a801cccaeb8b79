using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>Who holds a role, for messages to its holders: configured ids and the members of its groups, not Admin.</summary>
public sealed class RoleHoldersTests
{
    private const string InnovationGroup = "0a1b2c3d-0000-4000-8000-00000000a003";
    private const string AdminGroup = "0a1b2c3d-0000-4000-8000-00000000a0ad";
    private const string Ines = "b1c2d3e4-0000-4000-8000-000000000005";
    private const string Ingo = "b1c2d3e4-0000-4000-8000-0000000000a5";
    private const string Anton = "b1c2d3e4-0000-4000-8000-0000000000ad";
    private const string Erika = "b1c2d3e4-0000-4000-8000-000000000001";

    /// <summary>A directory with fixed members; null (cannot tell) for a group it does not know.</summary>
    private sealed class Directory(Dictionary<string, IReadOnlyList<string>> members) : IGroupDirectory
    {
        public List<string> Asked { get; } = [];

        public Task<IReadOnlyList<string>?> MembersAsync(string groupObjectId, CancellationToken ct)
        {
            Asked.Add(groupObjectId);
            return Task.FromResult(members.GetValueOrDefault(groupObjectId));
        }

        public Task<string?> DepartmentOfAsync(string aadObjectId, CancellationToken ct) => Task.FromResult<string?>(null);
    }

    private static RoleHolders Holders(IGroupDirectory directory)
    {
        var assignments = RoleAssignments.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Enabled"] = "true",
            ["Roles:Innovation:0"] = Ines,
            ["Roles:Innovation:Groups:0"] = InnovationGroup,
            ["Roles:Admin:0"] = Anton,
            ["Roles:Admin:Groups:0"] = AdminGroup,
        }).Build());
#pragma warning disable CA2000 // Never called: there are no UPN assignments.
        var connector = new ConnectorClient(new HttpClient(), Options.Create(new BotOptions()), NullLogger<ConnectorClient>.Instance);
#pragma warning restore CA2000
        var configured = new ConfiguredRoleSource(assignments, new UpnCache(TimeProvider.System), connector, NullLogger<ConfiguredRoleSource>.Instance);
        return new RoleHolders(assignments, directory, configured, NullLogger<RoleHolders>.Instance);
    }

    [Fact]
    public async Task ObjectIds_ConfiguredAndGroupMembers_OnceEach_NotAdmins()
    {
        var directory = new Directory(new()
        {
            [InnovationGroup] = [Ingo.ToUpperInvariant(), Ines],
            [AdminGroup] = [Erika],
        });

        var holders = await Holders(directory).ObjectIdsAsync(Role.Innovation, CancellationToken.None);

        Assert.Equal([Ines, Ingo], holders);
        Assert.Equal([InnovationGroup], directory.Asked);
    }

    [Fact]
    public async Task ObjectIds_GroupCannotBeListed_ConfiguredOnly()
    {
        var holders = await Holders(new NoGroupDirectory()).ObjectIdsAsync(Role.Innovation, CancellationToken.None);

        Assert.Equal([Ines], holders);
    }

    [Fact]
    public async Task Among_PeopleWithTheApp_OnlyTheHolders()
    {
        var directory = new Directory(new() { [InnovationGroup] = [Ingo] });
        LabUser[] withTheApp = [new("t", Erika), new("t", Ingo.ToUpperInvariant()), new("t", Anton)];

        var holders = await Holders(directory).AmongAsync(Role.Innovation, withTheApp, CancellationToken.None);

        Assert.Equal([Ingo.ToUpperInvariant()], holders.Select(h => h.AadObjectId));
    }
}
