using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Turns;

/// <summary>A test-only feature with the bugs a real one might have: it writes, then throws; it waits; its job fails.</summary>
internal sealed class FaultyFeature : IFeatureModule
{
    // Valid, but never due while a test runs: the tests fire the job themselves.
    public const string NotDuringTests = "0 0 4 1 1 ? 2099";

    /// <summary>Looks like personal data, so a test can prove it never reaches the log.</summary>
    public const string Secret = "Erika Mustermann, Zimmer 4711";

    public FaultyJobSwitch Job { get; } = new();

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton(Job);

    public void MapTurns(TurnRoutes routes) => routes
        .Verb<WriteThenThrow>("faults.writeThenThrow")
        .Verb<WaitLong>("faults.waitLong")
        .Verb<UpdateThenThrow>("faults.updateThenThrow")
        .Command<WriteThenThrow>("kaputtmachen");

    public void AddJobs(JobCatalog jobs) => jobs.Add<FaultyJob>("FaultyDigest", NotDuringTests, JobPeriodKind.Hour);
}

/// <summary>Two separate saves, as handlers do, then a bug. Neither save may remain.</summary>
internal sealed class WriteThenThrow(LabDbContext db, OutboxWriter outbox) : IVerbHandler, ITurnHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        await WriteAndThrowAsync(turn, CardInput.Text(data, "key"), ct);
        return new VerbResult.Message("unreachable");
    }

    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        turn.Reply(Activity.Message("halbe Antwort"));
        return WriteAndThrowAsync(turn, turn.CommandArgument, ct);
    }

    private async Task WriteAndThrowAsync(TurnContext turn, string key, CancellationToken ct)
    {
        await outbox.ToUserAsync(key + ":1", BotFixture.TenantId, turn.UserAadObjectId!, Activity.Message("eins"), ct);
        await db.SaveChangesAsync(ct);
        await outbox.ToUserAsync(key + ":2", BotFixture.TenantId, turn.UserAadObjectId!, Activity.Message("zwei"), ct);
        await db.SaveChangesAsync(ct);
        throw new InvalidOperationException("bug while serving " + FaultyFeature.Secret);
    }
}

/// <summary>A write that is not SaveChanges (ExecuteUpdate goes straight to the database), then a bug.</summary>
internal sealed class UpdateThenThrow(LabDbContext db) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        await db.Installations().Where(i => i.ConversationId == turn.ConversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Active, false), ct);
        throw new InvalidOperationException("bug after an update for " + FaultyFeature.Secret);
    }
}

/// <summary>Slower than the client is willing to wait.</summary>
internal sealed class WaitLong : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), ct);
        return new VerbResult.Message("too late");
    }
}

internal sealed class FaultyJobSwitch
{
    public volatile bool Fail = true;
    public int Runs;
}

internal sealed class FaultyJob(FaultyJobSwitch job) : ILabJob
{
    public Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        Interlocked.Increment(ref job.Runs);
        return job.Fail ? throw new TimeoutException("mail server for " + FaultyFeature.Secret + " did not answer") : Task.CompletedTask;
    }
}

/// <summary>The real app plus <see cref="FaultyFeature"/>; the lab team holds its role, the outbox polls fast.</summary>
public abstract class FaultyBot : BotFixture
{
    private readonly FaultyFeature _feature = new();

    internal FaultyJobSwitch Job => _feature.Job;

    protected override IReadOnlyList<IFeatureModule> TestFeatures => [_feature];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Outbox:PollMilliseconds"] = "50",
    };

    /// <summary>Error (and worse) lines written so far.</summary>
    public IReadOnlyList<string> ErrorLines => Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
}

public sealed class FaultySqliteBot : FaultyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class FaultyPostgresBot : FaultyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
