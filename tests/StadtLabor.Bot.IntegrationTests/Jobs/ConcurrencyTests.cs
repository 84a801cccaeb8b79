using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task SlowJob_DueEverySecond_NeverRunsTwiceAtOnce()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var jobs = new TestJobs(c => c
            .Add<SlowJob>("Slow", "* * * * * ?", JobPeriodKind.Second)
            .Add<TickJob>("Tick", "* * * * * ?", JobPeriodKind.Second));

        var app = await JobsApp.StartAsync(database, jobs);
        try
        {
            await jobs.Recorder.WaitForAsync("Slow", 3, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await JobsApp.StopAsync(app);
        }

        Assert.InRange(jobs.Recorder.Periods("Slow").Count, 3, 8);
        Assert.Equal(1, jobs.Recorder.MaxConcurrent("Slow"));
        // Another job is not held back by the slow one: it ran while the slow one kept a thread busy.
        Assert.True(jobs.Recorder.Periods("Tick").Count >= 2);
    }
}
