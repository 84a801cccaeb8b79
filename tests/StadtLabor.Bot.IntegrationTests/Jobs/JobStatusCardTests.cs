using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Turns;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>A failing job shows on the lab team's "postausgang" card (when, incident id, type), and its period is retried.</summary>
public abstract partial class JobStatusCardTests<TBot>(TBot fixture) where TBot : FaultyBot
{
    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task FailingJob_StatusCard_ShowsIncidentThenSuccessAfterRetryInSamePeriod()
    {
        var run = Bot.App.Services.GetRequiredService<JobRun>();
        var scheduled = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        Bot.Job.Fail = true;

        Assert.Equal(JobRunOutcome.Failed, await run.RunAsync("FaultyDigest", scheduled, CancellationToken.None));

        var failure = Assert.Single(Bot.ErrorLines, l => l.Contains("Job FaultyDigest failed", StringComparison.Ordinal));
        var incident = Incident().Match(failure).Groups[1].Value;
        Assert.Equal(8, incident.Length);
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains(FaultyFeature.Secret, StringComparison.Ordinal));
        var failed = Words((await Bot.InvokeAsync(Execute(Bot, LabTeam, "outbox.status")))["value"]);
        Assert.Contains("FaultyDigest", failed, StringComparison.Ordinal);
        Assert.Contains(incident, failed, StringComparison.Ordinal);
        Assert.Contains("TimeoutException", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("Mustermann", failed, StringComparison.Ordinal);

        // The period stayed open: the next firing in the same hour does the work.
        Bot.Job.Fail = false;
        Assert.Equal(JobRunOutcome.Completed, await run.RunAsync("FaultyDigest", scheduled.AddMinutes(10), CancellationToken.None));
        Assert.Equal(2, Bot.Job.Runs);
        Assert.Equal(JobRunOutcome.AlreadyDone, await run.RunAsync("FaultyDigest", scheduled.AddMinutes(20), CancellationToken.None));

        var healed = Words((await Bot.InvokeAsync(Execute(Bot, LabTeam, "outbox.status")))["value"]);
        Assert.DoesNotContain(incident, healed, StringComparison.Ordinal);
        Assert.Matches(Word.DePattern("outbox.jobOk"), healed);
        Assert.DoesNotMatch(Word.DePattern("outbox.jobFailed"), healed);
    }

    [Fact]
    public async Task StatusCard_AppJobs_NamedInWordsNotByTheirSettingsNames()
    {
        var card = Words((await Bot.InvokeAsync(Execute(Bot, LabTeam, "outbox.status")))["value"]);

        Assert.Contains(Word.De("outbox.jobs.TrainingReminders"), card, StringComparison.Ordinal);
        Assert.Contains(Word.De("outbox.jobs.RetentionPurge"), card, StringComparison.Ordinal);
        Assert.DoesNotContain("TrainingReminders", card, StringComparison.Ordinal);
        Assert.DoesNotContain("RetentionPurge", card, StringComparison.Ordinal);
    }

    [GeneratedRegex("incident ([0-9a-f]{8})")]
    private static partial Regex Incident();
}

public sealed class JobStatusCardTests_Sqlite(FaultySqliteBot bot) : JobStatusCardTests<FaultySqliteBot>(bot), IClassFixture<FaultySqliteBot>;

public sealed class JobStatusCardTests_Postgres(FaultyPostgresBot bot) : JobStatusCardTests<FaultyPostgresBot>(bot), IClassFixture<FaultyPostgresBot>;
