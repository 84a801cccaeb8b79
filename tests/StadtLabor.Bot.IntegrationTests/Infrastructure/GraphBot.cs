using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Graph;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app with Microsoft Graph switched on, pointed at a local <see cref="GraphStub"/>: calendar invitations from the
/// lab's organiser mailbox, roles from Entra groups beside the configured lists, the app installed for people who lack
/// it. One app per database for every Graph test class: <c>[Collection(GraphCollections.Sqlite)]</c> or
/// <c>[Collection(GraphCollections.Postgres)]</c>. The queue polls every 50 ms and retries without waiting, so tests
/// do not sleep through back-offs (a Retry-After from the stub is still honoured).
/// </summary>
public abstract class GraphBot : BotFixture
{
    public const string OrganizerMailbox = "stadtlabor@soest.example";
    public const string TeamsAppId = "1c1f3a7e-5b2d-4e8a-9c0f-7a6b5c4d3e2f";

    /// <summary>Entra security groups the roles are read from (object ids), as an administration would configure them.</summary>
    public const string LabTeamGroup = "0a1b2c3d-0000-4000-8000-00000000a001";
    public const string LotsenGroup = "0a1b2c3d-0000-4000-8000-00000000a002";
    public const string InnovationGroup = "0a1b2c3d-0000-4000-8000-00000000a003";

    /// <summary>An Entra group whose members get the personal digest whether or not they have the app (Digests:PersonalGroups).</summary>
    public const string DigestGroup = "0a1b2c3d-0000-4000-8000-00000000a004";

    public GraphStub Graph { get; private set; } = null!;

    /// <summary>A lab-team colleague by configuration (the queue's status tests; group roles are tested on their own).</summary>
    public static Activities.Persona QueueLabTeam => TrainingSeed.Colleague(15000);

    /// <summary>The queue's test-only call kind "test.echo" (adds no verb, changes nothing else).</summary>
    protected override IReadOnlyList<IFeatureModule> TestFeatures => [new GraphQueueTestFeature()];

    protected override async Task StartMoreStubsAsync() => Graph = await GraphStub.StartAsync();

    protected override async ValueTask DisposeMoreStubsAsync() => await Graph.DisposeAsync();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Graph:Enabled"] = "true",
        ["Graph:BaseUrl"] = Graph.BaseUrl,
        ["Graph:AllowedHosts:0"] = Graph.HostAndPort,
        ["Graph:OrganizerMailbox"] = OrganizerMailbox,
        ["Graph:Calendar:Enabled"] = "true",
        ["Graph:InstallForUsers"] = "true",
        ["Graph:TeamsAppId"] = TeamsAppId,
        ["Graph:Calls:PollMilliseconds"] = "50",
        ["Graph:Calls:RetryBaseSeconds"] = "0",
        ["Graph:Calls:MaxAttempts"] = "6",
        ["Graph:AttemptTimeoutSeconds"] = "3",
        ["Roles:LabTeam:Groups:0"] = LabTeamGroup,
        ["Roles:LabTeam:0"] = QueueLabTeam.AadObjectId,
        ["Roles:Lotse:Groups:0"] = LotsenGroup,
        ["Roles:Innovation:Groups:0"] = InnovationGroup,
        ["Digests:PersonalGroups:0"] = DigestGroup,
    };

    /// <summary>The queue's worker, to run due calls now and wait for them (tests do not wait for the poll).</summary>
    public GraphCallWorker Worker => App.Services.GetRequiredService<GraphCallWorker>();

    /// <summary>Runs the queue until nothing is due and nothing runs (at most <paramref name="rounds"/> rounds).</summary>
    public async Task DrainGraphAsync(int rounds = 200)
    {
        for (var i = 0; i < rounds; i++)
        {
            var started = await Worker.RunDueAsync(CancellationToken.None);
            await Worker.IdleAsync();
            // Waits out short pauses (a stub's Retry-After: 1); a call leased elsewhere (another instance, as a test
            // may pretend) is not ours to wait for.
            var (now, soon, ours) = (DateTime.UtcNow, DateTime.UtcNow.AddSeconds(2), Worker.InstanceId + "#");
            if (started == 0 && !await WithDbAsync(db => Task.FromResult(db.GraphCalls().Any(c => c.Status == GraphCallStatus.Pending
                    && c.NextAttemptAtUtc <= soon && (c.LeaseUntilUtc == null || c.LeaseUntilUtc <= now || c.ClaimedBy!.StartsWith(ours)))))) return;
            if (started == 0) await Task.Delay(50);
        }
    }

    public static bool Available(BotFixture bot) => PagesBot.Available(bot);
}

public sealed class SqliteGraphBot : GraphBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresGraphBot : GraphBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(GraphCollections.Sqlite)]
public sealed class SqliteGraphGroup : ICollectionFixture<SqliteGraphBot>;

[CollectionDefinition(GraphCollections.Postgres)]
public sealed class PostgresGraphGroup : ICollectionFixture<PostgresGraphBot>;

public static class GraphCollections
{
    public const string Sqlite = "graph-sqlite";
    public const string Postgres = "graph-postgres";
}
