using Microsoft.Extensions.DependencyInjection;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>
/// A daily job that fails is tried again within its day through the persistent Quartz store, not a day later.
/// The back-off is one second here (Jobs:RetryDelaysSeconds) so the tests wait seconds, not minutes.
/// </summary>
public abstract class JobRetryTests(DatabaseProvider provider)
{
    // Valid, but never due while a test runs: each test moves the daily firing to two seconds from now.
    private const string NotDuringTests = "0 0 4 1 1 ? 2099";

    private static readonly TriggerKey RetryKey = new("Flaky.retry", JobRetry.Group);

    private async Task<(WebApplication App, TestJobs Jobs, TestDatabase Database)> StartAsync()
    {
        if (TestDatabase.Unavailable(provider) is { } reason) Assert.Skip(reason);
        var database = await TestDatabase.CreateAsync(provider);
        var jobs = new TestJobs(c => c.Add<FlakyJob>("Flaky", NotDuringTests, JobPeriodKind.Day));
        return (await JobsApp.StartAsync(database, jobs, ("Jobs:RetryDelaysSeconds", "1,1")), jobs, database);
    }

    private static async Task StopAsync(WebApplication app, TestDatabase database)
    {
        await JobsApp.StopAsync(app);
        await database.DisposeAsync();
    }

    [Fact]
    public async Task DailyJob_FailsOnceAtItsFiring_RetriedAndCompletesTheSameDay()
    {
        var (app, jobs, database) = await StartAsync();
        try
        {
            jobs.Recorder.FailuresLeft = 1;
            var day = await FireDailySoonAsync(app);

            await jobs.Recorder.WaitForAsync("Flaky", 2, TimeSpan.FromSeconds(20));
            await WaitUntilAsync(async () => (await app.CompletedAsync("Flaky")).Count > 0, TimeSpan.FromSeconds(10));

            Assert.Equal([day, day], jobs.Recorder.Periods("Flaky"));
            Assert.Equal([day], await app.CompletedAsync("Flaky"));
            var retry = Assert.Single(jobs.Logs.Lines, l => l.Contains("will be retried", StringComparison.Ordinal));
            Assert.StartsWith("Information", retry, StringComparison.Ordinal);
            Assert.Contains($"Job Flaky: period {day} will be retried (attempt 1 of 2)", retry, StringComparison.Ordinal);
            // The one-off retry trigger is used up; the daily schedule is untouched and next fires tomorrow.
            var scheduler = await app.SchedulerAsync();
            await WaitUntilAsync(async () => await scheduler.GetTrigger(RetryKey) is null, TimeSpan.FromSeconds(5));
            Assert.Null(await scheduler.GetTrigger(RetryKey));
            var daily = await scheduler.GetTrigger(new TriggerKey("Flaky", JobSchedules.Group));
            Assert.True(daily!.NextFireTimeUtc > DateTimeOffset.UtcNow.AddHours(23));
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    [Fact]
    public async Task DailyJob_FailsEveryTime_StopsAfterTheConfiguredRetries()
    {
        var (app, jobs, database) = await StartAsync();
        try
        {
            jobs.Recorder.FailuresLeft = int.MaxValue;
            var day = await FireDailySoonAsync(app);

            await WaitUntilAsync(() => Task.FromResult(jobs.Logs.Lines.Any(l => l.Contains("is not retried again", StringComparison.Ordinal))), TimeSpan.FromSeconds(25));
            // Longer than the back-off: a further retry would have run by now.
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            Assert.Equal([day, day, day], jobs.Recorder.Periods("Flaky"));
            Assert.Empty(await app.CompletedAsync("Flaky"));
            Assert.Equal(3, jobs.Logs.Lines.Count(l => l.Contains("Job Flaky failed", StringComparison.Ordinal)));
            var over = Assert.Single(jobs.Logs.Lines, l => l.Contains("is not retried again", StringComparison.Ordinal));
            Assert.StartsWith("Warning", over, StringComparison.Ordinal);
            Assert.Contains($"period {day} is not retried again after 2 retries (no retries left)", over, StringComparison.Ordinal);
            var scheduler = await app.SchedulerAsync();
            Assert.Empty(await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(JobRetry.Group)));
        }
        finally
        {
            await StopAsync(app, database);
        }
    }

    /// <summary>Moves the job's daily cron trigger to two seconds from now (Soest time); returns the day it covers.</summary>
    private static async Task<string> FireDailySoonAsync(WebApplication app)
    {
        // Not in the last seconds before Soest's midnight: the firing and its retries must fall on one day.
        var berlin = LabTime.ToBerlin(DateTimeOffset.UtcNow);
        var toMidnight = berlin.Date.AddDays(1) - berlin.DateTime;
        if (toMidnight < TimeSpan.FromSeconds(20)) await Task.Delay(toMidnight + TimeSpan.FromSeconds(1));

        var at = LabTime.ToBerlin(DateTimeOffset.UtcNow.AddSeconds(2));
        var job = app.Services.GetRequiredService<JobCatalog>().Find("Flaky")!;
        var trigger = JobSchedules.BuildTrigger(new JobSchedule(job, $"{at.Second} {at.Minute} {at.Hour} * * ?", Enabled: true));
        Assert.NotNull(await (await app.SchedulerAsync()).RescheduleJob(trigger.Key, trigger));
        return JobPeriod.Containing(at, JobPeriodKind.Day).Key;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < until) await Task.Delay(50);
    }
}

public sealed class JobRetryTests_Sqlite() : JobRetryTests(DatabaseProvider.Sqlite);

public sealed class JobRetryTests_Postgres() : JobRetryTests(DatabaseProvider.Postgres);
