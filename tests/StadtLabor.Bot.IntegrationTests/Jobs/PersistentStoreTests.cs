using Microsoft.Data.Sqlite;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>Quartz keeps its schedule in the app's SQLite file, not in memory: a restart finds it again.</summary>
public sealed class PersistentStoreTests
{
    private const string Daily0400 = "0 0 4 * * ?";

    [Fact]
    public async Task Restart_SameSqliteFile_JobTriggerAndCalendarStillThere()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var jobs = new TestJobs(c => c.Add<TickJob>("Tick", Daily0400, JobPeriodKind.Day, skipHolidays: true));
        var extraKey = new TriggerKey("once-in-2030", "test");

        var first = await JobsApp.StartAsync(database, jobs);
        var scheduler = await first.SchedulerAsync();
        var nextFire = (await scheduler.GetTrigger(new TriggerKey("Tick", JobSchedules.Group)))!.NextFireTimeUtc;
        // A trigger no code path schedules again: after the restart only the store can have it.
        await scheduler.ScheduleTrigger(TriggerBuilder.Create().WithIdentity(extraKey).ForJob("Tick", JobSchedules.Group)
            .StartAt(new DateTimeOffset(2030, 1, 2, 8, 0, 0, TimeSpan.Zero)).Build(), TriggerConflict.Throw);
        await JobsApp.StopAsync(first);

        Assert.Equal(2, await CountAsync(database, "select count(*) from qrtz_triggers where job_name = 'Tick'"));
        Assert.Equal(1, await CountAsync(database, "select count(*) from qrtz_calendars where calendar_name = 'nrw-holidays'"));

        var second = await JobsApp.StartAsync(database, jobs);
        try
        {
            scheduler = await second.SchedulerAsync();
            var tick = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("Tick", JobSchedules.Group)));
            Assert.Equal(nextFire, tick.NextFireTimeUtc);
            Assert.Equal(NrwHolidayCalendar.CalendarName, tick.CalendarName);
            Assert.Equal("Europe/Berlin", tick.TimeZone.Id);
            Assert.NotNull(await scheduler.GetJobDetail(new JobKey("Tick", JobSchedules.Group)));
            Assert.Equal(new DateTimeOffset(2030, 1, 2, 8, 0, 0, TimeSpan.Zero), (await scheduler.GetTrigger(extraKey))!.NextFireTimeUtc);
            Assert.IsType<NrwHolidayCalendar>(await scheduler.GetCalendar(NrwHolidayCalendar.CalendarName));
        }
        finally
        {
            await JobsApp.StopAsync(second);
        }
    }

    [Fact]
    public async Task Restart_JobSwitchedOffInConfiguration_RemovedFromTheStore()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var jobs = new TestJobs(c => c.Add<TickJob>("Tick", Daily0400, JobPeriodKind.Day));

        await JobsApp.StopAsync(await JobsApp.StartAsync(database, jobs));
        Assert.Equal(1, await CountAsync(database, "select count(*) from qrtz_job_details where job_name = 'Tick'"));

        await JobsApp.StopAsync(await JobsApp.StartAsync(database, jobs, ("Jobs:Tick:Enabled", "false")));
        Assert.Equal(0, await CountAsync(database, "select count(*) from qrtz_job_details where job_name = 'Tick'"));
        Assert.Equal(0, await CountAsync(database, "select count(*) from qrtz_triggers where job_name = 'Tick'"));
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
