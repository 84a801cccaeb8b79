using Quartz.Extensibility;
using StadtLabor.Bot.Features.Digests.Roles;
using StadtLabor.Bot.Tests.Jobs;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Digests;

/// <summary>
/// When the role digests go out: Quartz's own fire times for the stored trigger (Europe/Berlin, NRW holiday calendar)
/// with a fake clock, and the week period that makes only the first firing of each ISO week run (the job wrapper skips
/// a completed period, as JobRun does).
/// </summary>
public sealed class RoleDigestScheduleTests
{
    private static List<DateTimeOffset> Runs(DateTimeOffset from, DateTimeOffset to)
    {
        var catalog = new JobCatalog();
        RoleDigestSetup.AddJobs(catalog);
        var job = catalog.Find(SendRoleDigests.Name)!;
        var trigger = JobSchedules.BuildTrigger(new JobSchedule(job, job.DefaultCron, Enabled: true), new FakeClock(from));
        var fires = TriggerFireTimes.ComputeBetween(trigger, job.SkipHolidays ? new NrwHolidayCalendar() : null!, from, to);
        var completed = new HashSet<string>();
        return [.. fires.Where(f => completed.Add(JobPeriod.Containing(f, job.Period).Key))];
    }

    private static DateTimeOffset At(int year, int month, int day, int offsetHours) => new(year, month, day, 7, 30, 0, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void Easter2027_ClockChangeOnEasterSunday_MondayBeforeThenTuesdayInSummerTime()
    {
        // 28 March 2027 is Ostersonntag and the night the clocks go forward; Ostermontag is a holiday.
        var runs = Runs(FakeClock.Berlin(2027, 3, 20), FakeClock.Berlin(2027, 4, 10));

        Assert.Equal([At(2027, 3, 22, 1), At(2027, 3, 30, 2), At(2027, 4, 5, 2)], runs);
    }

    [Fact]
    public void Pfingstmontag2027_WeekStartsOnTuesday()
    {
        var runs = Runs(FakeClock.Berlin(2027, 5, 15), FakeClock.Berlin(2027, 5, 29));

        Assert.Equal([At(2027, 5, 18, 2), At(2027, 5, 24, 2)], runs);
    }

    [Fact]
    public void October2026ClockChange_MondaysAt0730LocalBothSides()
    {
        var runs = Runs(FakeClock.Berlin(2026, 10, 17), FakeClock.Berlin(2026, 10, 31));

        Assert.Equal([At(2026, 10, 19, 2), At(2026, 10, 26, 1)], runs);
        Assert.Equal([new TimeSpan(5, 30, 0), new TimeSpan(6, 30, 0)], runs.Select(r => r.UtcDateTime.TimeOfDay));
    }

    [Fact]
    public void NewYear2029OnAMonday_RunsTuesdayForTheFirstIsoWeek()
    {
        var runs = Runs(FakeClock.Berlin(2028, 12, 30), FakeClock.Berlin(2029, 1, 6));

        Assert.Equal([At(2029, 1, 2, 1)], runs);
        Assert.Equal("2029-01-01", SendRoleDigests.PeriodKey(JobPeriod.Containing(runs[0], JobPeriodKind.Week)));
    }

    [Fact]
    public void PeriodKey_CaughtUpLateInTheWeek_IsStillThatWeeksMonday() =>
        Assert.Equal("2027-03-29", SendRoleDigests.PeriodKey(JobPeriod.Containing(FakeClock.Berlin(2027, 4, 2, 16), JobPeriodKind.Week)));
}
