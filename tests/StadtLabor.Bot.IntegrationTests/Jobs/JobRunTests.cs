using Microsoft.Extensions.DependencyInjection;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>The job wrapper on the real database: a period is done once, a failed period stays open.</summary>
public abstract class JobRunTests(DatabaseProvider provider)
{
    // Valid, but never due while a test runs: the tests fire the jobs themselves.
    private const string NotDuringTests = "0 0 4 1 1 ? 2099";

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private async Task<(WebApplication App, TestJobs Jobs, TestDatabase Database)> StartAsync(params (string Key, string Value)[] settings)
    {
        if (TestDatabase.Unavailable(provider) is { } reason) Assert.Skip(reason);
        var database = await TestDatabase.CreateAsync(provider);
        var jobs = new TestJobs(c => c
            .Add<TickJob>("Tick", NotDuringTests, JobPeriodKind.Day)
            .Add<FlakyJob>("Flaky", NotDuringTests, JobPeriodKind.Hour));
        return (await JobsApp.StartAsync(database, jobs, settings), jobs, database);
    }

    private static async Task StopAsync(WebApplication app, TestDatabase database)
    {
        await JobsApp.StopAsync(app);
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Rerun_PeriodAlreadyCompleted_BodyRunsOnce()
    {
        var (app, jobs, database) = await StartAsync();
        try
        {
            // Karfreitag 2026, 10:00 in Soest; the second run is the same day two hours later.
            var clock = new Clock(new DateTimeOffset(2026, 4, 3, 10, 0, 0, TimeSpan.FromHours(2)));
            var run = ActivatorUtilities.CreateInstance<JobRun>(app.Services, (TimeProvider)clock);

            Assert.Equal(JobRunOutcome.Completed, await run.RunAsync("Tick", null, CancellationToken.None));
            clock.Now = clock.Now.AddHours(2);
            Assert.Equal(JobRunOutcome.AlreadyDone, await run.RunAsync("Tick", null, CancellationToken.None));
            Assert.Equal(["2026-04-03"], jobs.Recorder.Periods("Tick"));

            clock.Now = clock.Now.AddDays(1);
            Assert.Equal(JobRunOutcome.Completed, await run.RunAsync("Tick", null, CancellationToken.None));
            Assert.Equal(["2026-04-03", "2026-04-04"], await app.CompletedAsync("Tick"));
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    [Fact]
    public async Task Rerun_TriggeredTwiceThroughQuartz_BodyRunsOnce()
    {
        var (app, jobs, database) = await StartAsync();
        try
        {
            var scheduler = await app.SchedulerAsync();
            await scheduler.TriggerJob(new JobKey("Tick", JobSchedules.Group), null!);
            await jobs.Recorder.WaitForAsync("Tick", 1, TimeSpan.FromSeconds(10));
            await scheduler.TriggerJob(new JobKey("Tick", JobSchedules.Group), null!);
            await WaitForLogAsync(jobs.Logs, "Job Tick skipped", TimeSpan.FromSeconds(10));

            Assert.Single(jobs.Recorder.Periods("Tick"));
            Assert.Single(await app.CompletedAsync("Tick"));
            Assert.Contains(jobs.Logs.Lines, l => l.Contains("Job Tick completed period", StringComparison.Ordinal));
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    [Fact]
    public async Task Run_BodyFails_PeriodStaysOpenAndNextRunDoesTheWork()
    {
        var (app, jobs, database) = await StartAsync();
        try
        {
            jobs.Recorder.FailuresLeft = 1;
            var run = app.Services.GetRequiredService<JobRun>();
            var scheduled = new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero);

            Assert.Equal(JobRunOutcome.Failed, await run.RunAsync("Flaky", scheduled, CancellationToken.None));
            Assert.Empty(await app.CompletedAsync("Flaky"));
            Assert.Equal(JobRunOutcome.Completed, await run.RunAsync("Flaky", scheduled, CancellationToken.None));

            // The second 02:00 of the night the clocks go back.
            Assert.Equal(["2026-10-25T02:00+01:00"], await app.CompletedAsync("Flaky"));
            var failure = Assert.Single(jobs.Logs.Lines, l => l.Contains("Job Flaky failed", StringComparison.Ordinal));
            Assert.StartsWith("Error", failure, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    [Fact]
    public async Task Purge_RecordsOlderThanKeepDays_DeletedNewerKept()
    {
        var (app, _, database) = await StartAsync(("Jobs:JobRunsPurge:KeepDays", "30"));
        try
        {
            var store = app.Services.GetRequiredService<JobPeriodStore>();
            var night = new DateTimeOffset(2026, 11, 29, 3, 15, 0, TimeSpan.FromHours(1));
            await store.MarkCompletedAsync("Tick", "2026-10-29", night.AddDays(-31), CancellationToken.None);
            await store.MarkCompletedAsync("Tick", "2026-10-31", night.AddDays(-29), CancellationToken.None);

            var run = app.Services.GetRequiredService<JobRun>();
            Assert.Equal(JobRunOutcome.Completed, await run.RunAsync(PurgeJobPeriods.Name, night, CancellationToken.None));

            Assert.Equal(["2026-10-31"], await app.CompletedAsync("Tick"));
            Assert.Equal(["2026-11-29"], await app.CompletedAsync(PurgeJobPeriods.Name));
            Assert.Contains(app.Services.GetRequiredService<JobCatalog>().Jobs, j => j.Name == PurgeJobPeriods.Name && j.Period == JobPeriodKind.Day);
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    [Fact]
    public async Task Health_Ready_ReportsTheSchedulerRunning()
    {
        var (app, _, database) = await StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var response = await http.GetAsync("/health/ready");
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains("\"scheduler\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    private static async Task WaitForLogAsync(LogSink logs, string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)) && DateTime.UtcNow < until) await Task.Delay(50);
    }
}

public sealed class JobRunTests_Sqlite() : JobRunTests(DatabaseProvider.Sqlite);

public sealed class JobRunTests_Postgres() : JobRunTests(DatabaseProvider.Postgres);
