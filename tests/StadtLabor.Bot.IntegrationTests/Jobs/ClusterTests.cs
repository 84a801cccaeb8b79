using Npgsql;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>
/// Two app instances on one PostgreSQL database form one Quartz cluster: a job fires once per period across both,
/// and a job never overlaps itself, even when the next firing is due on the other instance.
/// </summary>
public sealed class ClusterTests
{
    private const string EverySecond = "* * * * * ?";

    [Fact]
    public async Task TwoInstances_OneSecondTrigger_OncePerPeriodAcrossBoth()
    {
        if (TestDatabase.Unavailable(DatabaseProvider.Postgres) is { } reason) Assert.Skip(reason);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var jobs = new TestJobs(c => c
            .Add<TickJob>("Tick", EverySecond, JobPeriodKind.Second)
            .Add<SlowJob>("Slow", EverySecond, JobPeriodKind.Second));

        var first = await JobsApp.StartAsync(database, jobs);
        var second = await JobsApp.StartAsync(database, jobs);
        long nodes;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            nodes = await CountAsync(database, "select count(*) from qrtz_scheduler_state");
        }
        finally
        {
            await JobsApp.StopAsync(second);
            await JobsApp.StopAsync(first);
        }

        var ticks = jobs.Recorder.Periods("Tick");
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.InRange(ticks.Count, 3, 10);
        var seconds = ticks.Select(DateTimeOffset.Parse).Order().ToList();
        for (var i = 1; i < seconds.Count; i++) Assert.InRange((seconds[i] - seconds[i - 1]).TotalSeconds, 1, 2);

        var slow = jobs.Recorder.Periods("Slow");
        Assert.Equal(slow.Count, slow.Distinct().Count());
        Assert.InRange(slow.Count, 2, 6);
        Assert.Equal(1, jobs.Recorder.MaxConcurrent("Slow"));
        // Both instances took part: each checked in to the cluster.
        Assert.Equal(2, nodes);
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
