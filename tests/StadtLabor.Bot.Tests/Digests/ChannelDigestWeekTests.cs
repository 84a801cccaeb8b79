using Quartz.Extensibility;
using StadtLabor.Bot.Features.Digests.Channel;
using StadtLabor.Bot.Tests.Jobs;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Digests;

/// <summary>
/// When the weekly channel digest posts: the trigger as Quartz computes it for the job the setup registers (cron,
/// Europe/Berlin, NRW holiday calendar), reduced to the first firing of each ISO week (the job period table lets only
/// that one run), on a fake clock; and the windows a week's card covers.
/// </summary>
public sealed class ChannelDigestWeekTests
{
    private static JobDefinition Job()
    {
        var catalog = new JobCatalog();
        ChannelDigestSetup.AddJobs(catalog);
        return catalog.Find(ChannelDigestWeek.JobName)!;
    }

    /// <summary>The firing that posts each week (the first of the week; later ones find the week done).</summary>
    private static List<DateTimeOffset> Posts(DateTimeOffset from, DateTimeOffset to)
    {
        var job = Job();
        var trigger = JobSchedules.BuildTrigger(new JobSchedule(job, job.DefaultCron, Enabled: true), new FakeClock(from));
        return TriggerFireTimes.ComputeBetween(trigger, job.SkipHolidays ? new NrwHolidayCalendar() : null!, from, to)
            .GroupBy(f => JobPeriod.Containing(f, job.Period).Key).Select(g => g.Min()).ToList();
    }

    [Fact]
    public void Job_Registered_WeekPeriodOnWorkingDaysWithoutHolidays()
    {
        var job = Job();

        Assert.Equal(JobPeriodKind.Week, job.Period);
        Assert.True(job.SkipHolidays);
        Assert.Equal(typeof(PostChannelDigests), job.JobType);
    }

    [Fact]
    public void Post_EasterMonday2027_MovesToTuesdayAtEightSummerTime()
    {
        // 28 March 2027 is Easter Sunday and the night the clocks go forward; Easter Monday is a holiday in NRW.
        var posts = Posts(FakeClock.Berlin(2027, 3, 22), FakeClock.Berlin(2027, 4, 4));

        Assert.Equal([FakeClock.Utc(2027, 3, 22, 7), FakeClock.Utc(2027, 3, 30, 6)], posts);
        Assert.Equal(new DateOnly(2027, 3, 30), ChannelDigestWeek.FirstWorkingDay(new DateOnly(2027, 3, 29)));
    }

    [Fact]
    public void Post_MondayEight_SevenUtcInWinterSixInSummer()
    {
        var winter = Posts(FakeClock.Berlin(2026, 12, 7), FakeClock.Berlin(2026, 12, 13));
        var summer = Posts(FakeClock.Berlin(2026, 6, 8), FakeClock.Berlin(2026, 6, 14));

        Assert.Equal([FakeClock.Utc(2026, 12, 7, 7)], winter);
        Assert.Equal([FakeClock.Utc(2026, 6, 8, 6)], summer);
    }

    [Fact]
    public void Post_AroundOctoberClockChange_OncePerWeekAtEightLocal()
    {
        // Sunday 25 October 2026 ends the week of the 19th with a 25-hour day; the next Monday is in winter time.
        var posts = Posts(FakeClock.Berlin(2026, 10, 19), FakeClock.Berlin(2026, 11, 1, 23));

        Assert.Equal([FakeClock.Utc(2026, 10, 19, 6), FakeClock.Utc(2026, 10, 26, 7)], posts);
        Assert.All(posts, p => Assert.Equal(new TimeSpan(8, 0, 0), LabTime.ToBerlin(p).TimeOfDay));
    }

    [Fact]
    public void Post_ChristmasOnMondayAndTuesday2028_Wednesday()
    {
        var posts = Posts(FakeClock.Berlin(2028, 12, 25), FakeClock.Berlin(2029, 1, 7));

        Assert.Equal([FakeClock.Utc(2028, 12, 27, 7), FakeClock.Utc(2029, 1, 2, 7)], posts);
        Assert.Equal(new DateOnly(2028, 12, 27), ChannelDigestWeek.FirstWorkingDay(new DateOnly(2028, 12, 25)));
    }

    [Fact]
    public void Window_TuesdayAfterEaster_NewsFromTheMondayBeforeAndKeyIsTheHolidayMonday()
    {
        var now = FakeClock.Utc(2027, 3, 30, 6).UtcDateTime;

        var window = ChannelDigestWeek.Window(JobPeriod.Containing(FakeClock.Utc(2027, 3, 30, 6), JobPeriodKind.Week), now);

        Assert.Equal("2027-03-29", window.PeriodKey);
        // The Monday before is still winter time: midnight there is 23:00 UTC the day before.
        Assert.Equal(new DateTime(2027, 3, 21, 23, 0, 0, DateTimeKind.Utc), window.NewsSinceUtc);
        Assert.Equal(new DateTime(2027, 4, 4, 22, 0, 0, DateTimeKind.Utc), window.WeekEndUtc);
        Assert.Equal(now, window.AsOfUtc);
        Assert.Equal(new DateOnly(2027, 3, 30), window.Today);
    }

    [Fact]
    public void Window_WeekOver_DrawnAsOfItsEnd()
    {
        var window = ChannelDigestWeek.Window(new DateOnly(2020, 1, 6), new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal(window.WeekEndUtc, window.AsOfUtc);
        Assert.Equal(new DateOnly(2020, 1, 13), window.Today);
    }

    [Theory]
    [InlineData("2027-03-29", true)]
    [InlineData("2027-03-30", false)]
    [InlineData("2027-3-29", false)]
    [InlineData("29.03.2027", false)]
    [InlineData("", false)]
    public void PeriodKey_OnlyAMonday(string key, bool valid) =>
        Assert.Equal(valid, ChannelDigestWeek.TryParsePeriodKey(key, out _));

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(0, true, true)]
    [InlineData(1, false, true)]
    public void ShouldPost_EmptyOnlyWhenConfigured(int items, bool postWhenEmpty, bool expected) =>
        Assert.Equal(expected, ChannelDigestWeek.ShouldPost(items, postWhenEmpty));

    [Theory]
    [InlineData("19:abc@thread.tacv2;messageid=1733400000000", "19:abc@thread.tacv2")]
    [InlineData("19:abc@thread.tacv2", "19:abc@thread.tacv2")]
    public void Refresh_ChannelOfAThreadClick_IsTheChannel(string conversation, string channel) =>
        Assert.Equal(channel, RefreshChannelDigest.ChannelOf(conversation));
}
