using Quartz.Extensibility;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

/// <summary>
/// Fire times as Quartz itself computes them for the triggers we store (Europe/Berlin, NRW holiday calendar),
/// mapped to the periods the job wrapper would record.
/// </summary>
public sealed class ScheduleMathTests
{
    private const string WorkingDays0700 = "0 0 7 ? * MON-FRI";

    private static List<DateTimeOffset> Fires(string cron, bool skipHolidays, DateTimeOffset from, DateTimeOffset to)
    {
        var job = new JobDefinition("Test", typeof(ILabJob), cron, JobPeriodKind.Day, skipHolidays);
        var trigger = JobSchedules.BuildTrigger(new JobSchedule(job, cron, Enabled: true), new FakeClock(from));
        return TriggerFireTimes.ComputeBetween(trigger, skipHolidays ? new NrwHolidayCalendar() : null!, from, to);
    }

    private static List<string> Days(IEnumerable<DateTimeOffset> fires) =>
        fires.Select(f => JobPeriod.Containing(f, JobPeriodKind.Day).Key).ToList();

    [Fact]
    public void Digest_EasterWeek2026_SkipsKarfreitagAndOstermontag()
    {
        var fires = Fires(WorkingDays0700, skipHolidays: true, FakeClock.Berlin(2026, 3, 30), FakeClock.Berlin(2026, 4, 11));

        Assert.Equal(["2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10"], Days(fires));
        Assert.All(fires, f => Assert.Equal(new TimeSpan(7, 0, 0), LabTime.ToBerlin(f).TimeOfDay));
    }

    [Fact]
    public void Digest_Fronleichnam2026_SkipsThursday()
    {
        var fires = Fires(WorkingDays0700, skipHolidays: true, FakeClock.Berlin(2026, 6, 1), FakeClock.Berlin(2026, 6, 6));

        Assert.Equal(["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-05"], Days(fires));
    }

    [Fact]
    public void Digest_Allerheiligen2026OnASunday_WeekRunsAsUsual()
    {
        var fires = Fires(WorkingDays0700, skipHolidays: true, FakeClock.Berlin(2026, 10, 29), FakeClock.Berlin(2026, 11, 4));

        Assert.Equal(["2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03"], Days(fires));
    }

    [Fact]
    public void Reminders_NotOptedIntoHolidays_FireOnKarfreitagAndOstermontag()
    {
        var fires = Fires("0 0 9 * * ?", skipHolidays: false, FakeClock.Berlin(2026, 4, 3), FakeClock.Berlin(2026, 4, 7));

        Assert.Equal(["2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06"], Days(fires));
    }

    [Fact]
    public void Daily0230_MarchClockChange_FiresOnceOnTheShortDay()
    {
        var fires = Fires("0 30 2 * * ?", skipHolidays: false, FakeClock.Berlin(2026, 3, 28), FakeClock.Berlin(2026, 3, 31));

        Assert.Equal(["2026-03-28", "2026-03-29", "2026-03-30"], Days(fires));
        // 02:30 does not exist on 29 March; Quartz fires at the first minute after the gap.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), fires[1]);
    }

    [Fact]
    public void Daily0230_OctoberClockChange_FiresOnceThoughTheTimeHappensTwice()
    {
        var fires = Fires("0 30 2 * * ?", skipHolidays: false, FakeClock.Berlin(2026, 10, 24), FakeClock.Berlin(2026, 10, 27));

        Assert.Equal(["2026-10-24", "2026-10-25", "2026-10-26"], Days(fires));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), fires[1]);
    }

    [Theory]
    [InlineData(3, 29, 23)]
    [InlineData(10, 25, 25)]
    [InlineData(6, 15, 24)]
    public void Hourly_DayOfClockChange_OnceInEveryRealHour(int month, int day, int hours)
    {
        var start = FakeClock.Berlin(2026, month, day);
        var end = FakeClock.Berlin(2026, month, day + 1).AddSeconds(-1);

        var periods = Fires("0 0 * * * ?", skipHolidays: false, start, end).Select(f => JobPeriod.Containing(f, JobPeriodKind.Hour)).ToList();

        Assert.Equal(hours, periods.Count);
        Assert.Equal(hours, periods.Select(p => p.Key).Distinct().Count());
        Assert.Equal(start, periods[0].Start);
        for (var i = 1; i < periods.Count; i++) Assert.Equal(periods[i - 1].End, periods[i].Start);
    }

    [Fact]
    public void Purge_DefaultSchedule_OutsideTheHoursClocksChange()
    {
        var spring = Fires(PurgeJobPeriods.DefaultCron, false, FakeClock.Berlin(2026, 3, 29), FakeClock.Berlin(2026, 3, 30));
        var autumn = Fires(PurgeJobPeriods.DefaultCron, false, FakeClock.Berlin(2026, 10, 25), FakeClock.Berlin(2026, 10, 26));

        Assert.Equal(new TimeSpan(3, 15, 0), LabTime.ToBerlin(Assert.Single(spring)).TimeOfDay);
        Assert.Equal(new TimeSpan(3, 15, 0), LabTime.ToBerlin(Assert.Single(autumn)).TimeOfDay);
    }
}
