using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Graph.Roles;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Graph;

/// <summary>
/// The group-role cache on a fake clock and a scripted Graph: fresh answers cost nothing, stale ones are refreshed
/// behind the turn's back, a first lookup waits at most a few seconds, and an outage is ridden out on the last answer
/// for the grace period, then elevated roles are withheld; logged once per outage, without the person.
/// </summary>
public sealed class GraphRolesCacheTests
{
    private const string LabTeamGroup = "0a1b2c3d-0000-4000-8000-00000000a001";
    private const string LotsenGroup = "0a1b2c3d-0000-4000-8000-00000000a002";
    private const string Sam = "b1c2d3e4-0000-4000-8000-000000000003";

    /// <summary>Graph as the test scripts it: an answer per call (default: member of the lab team's group), counted.</summary>
    private sealed class ScriptedGraph : IMemberGroupsCheck
    {
        public int Calls;
        public Func<Task<IReadOnlyList<string>>> Next { get; set; } = () => Task.FromResult<IReadOnlyList<string>>([LabTeamGroup]);

        public Task<IReadOnlyList<string>> MemberOfAsync(string objectId, IReadOnlyList<string> groupIds, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            return Next();
        }
    }

    private sealed class Lines : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Written { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Enqueue((logLevel, formatter(state, exception)));
    }

    private sealed class CacheLog(Lines lines) : ILogger<GroupRoleCache>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => lines.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Log(logLevel, eventId, state, exception, formatter);
    }

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedGraph _graph = new();
    private readonly Lines _log = new();

    internal static RoleAssignments Assignments(params (string Key, string Value)[] more) =>
        RoleAssignments.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Graph:Enabled"] = "true", ["Roles:LabTeam:Groups:0"] = LabTeamGroup, ["Roles:Lotse:Groups:0"] = LotsenGroup }
                .Concat(more.Select(m => new KeyValuePair<string, string?>(m.Key, m.Value)))).Build());

    private GroupRoleCache Cache() => new(_graph, Assignments(),
        Options.Create(new GraphOptions { Enabled = true, Roles = new GraphRoleOptions { CacheMinutes = 5, GraceMinutes = 60 } }), _time, new CacheLog(_log));

    private static Task<IReadOnlySet<Role>> RolesAsync(GroupRoleCache cache) => cache.RolesOfAsync(Sam, CancellationToken.None);

    [Fact]
    public async Task RolesOf_WithinCacheMinutes_GraphAskedOnce()
    {
        var cache = Cache();

        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));

        Assert.Equal(1, _graph.Calls);
    }

    [Fact]
    public async Task RolesOf_Stale_OldAnswerAtOnce_NewOneAfterTheBackgroundRefresh()
    {
        var cache = Cache();
        await RolesAsync(cache);
        _time.Advance(TimeSpan.FromMinutes(6));
        var graphAnswers = new TaskCompletionSource<IReadOnlyList<string>>();
        _graph.Next = () => graphAnswers.Task;

        // Graph has not answered: the turn is not kept waiting.
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));

        graphAnswers.SetResult([LotsenGroup]);
        await cache.RefreshOf(Sam);
        Assert.Equal([Role.Lotse], await RolesAsync(cache));
        Assert.Equal(2, _graph.Calls);
    }

    [Fact]
    public async Task RolesOf_FirstLookupSlow_NoGroupRolesAfterTheWait_AnswerKeptForLater()
    {
        var cache = Cache();
        var graphAnswers = new TaskCompletionSource<IReadOnlyList<string>>();
        _graph.Next = () => graphAnswers.Task;

        var first = RolesAsync(cache);
        Assert.False(first.IsCompleted);
        _time.Advance(GroupRoleCache.FirstLookupWait);
        Assert.Empty(await first);

        graphAnswers.SetResult([LabTeamGroup]);
        await cache.RefreshOf(Sam);
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        Assert.Equal(1, _graph.Calls);
    }

    [Fact]
    public async Task RolesOf_GraphDown_LastAnswerForTheGracePeriod_ThenNoGroupRoles_LoggedOnce()
    {
        var cache = Cache();
        await RolesAsync(cache);
        _graph.Next = () => Task.FromException<IReadOnlyList<string>>(new HttpRequestException("503"));

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        await cache.RefreshOf(Sam);
        _time.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        await cache.RefreshOf(Sam);
        Assert.Equal(3, _graph.Calls);

        // 5 + 60 minutes after Graph last confirmed it, the answer is no longer used.
        _time.Advance(TimeSpan.FromMinutes(2));
        var afterGrace = RolesAsync(cache);
        await cache.RefreshOf(Sam);
        Assert.Empty(await afterGrace);

        var warnings = _log.Written.Where(l => l.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.DoesNotContain(Sam, warnings[0].Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RolesOf_FailedMomentsAgo_NoWaitAndNoNewCallUntilTheRetryTime()
    {
        var cache = Cache();
        _graph.Next = () => Task.FromException<IReadOnlyList<string>>(new HttpRequestException("503"));
        Assert.Empty(await RolesAsync(cache));

        _time.Advance(GroupRoleCache.RetryAfterFailure - TimeSpan.FromSeconds(1));
        var resting = RolesAsync(cache);
        Assert.True(resting.IsCompleted);
        Assert.Empty(await resting);
        Assert.Equal(1, _graph.Calls);

        _graph.Next = () => Task.FromResult<IReadOnlyList<string>>([LabTeamGroup]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Role.LabTeam], await RolesAsync(cache));
        Assert.Equal(2, _graph.Calls);
        Assert.Contains(_log.Written, l => l.Level == LogLevel.Information && l.Text.Contains("answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GraphRoleSource_ConfiguredAndGroupRoles_Union_AdminAsksNoGraph()
    {
        const string anton = "b1c2d3e4-0000-4000-8000-0000000000ad";
        var assignments = Assignments(("Roles:Innovation:0", Sam), ("Roles:Admin:0", anton));
        var cache = new GroupRoleCache(_graph, assignments, Options.Create(new GraphOptions { Enabled = true }), _time, new CacheLog(_log));
#pragma warning disable CA2000 // The connector is never called: no UPN assignments.
        var configured = new ConfiguredRoleSource(assignments, new UpnCache(_time),
            new StadtLabor.Bot.Connector.ConnectorClient(new HttpClient(), Options.Create(new StadtLabor.Bot.Connector.BotOptions()),
                NullLogger<StadtLabor.Bot.Connector.ConnectorClient>.Instance), NullLogger<ConfiguredRoleSource>.Instance);
#pragma warning restore CA2000
        var source = new GraphRoleSource(configured, cache);

        Assert.Equal([Role.LabTeam, Role.Innovation], (await source.RolesOfAsync(new LabUser("t", Sam), CancellationToken.None)).Order());
        Assert.Equal([Role.Admin], await source.RolesOfAsync(new LabUser("t", anton), CancellationToken.None));
        Assert.Equal(1, _graph.Calls);
    }
}
