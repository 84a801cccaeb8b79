using Microsoft.Extensions.Configuration;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

public sealed class JobRetryTests
{
    // The retention purge fires at 03:30 in Soest; its period is the Berlin day.
    private static readonly JobPeriod PurgeDay = JobPeriod.Containing(FakeClock.Berlin(2026, 12, 4, 3, 30), JobPeriodKind.Day);

    [Fact]
    public void Next_DailyJobFailsAt0330_RetriedAfter1Then5Then15Then60Minutes()
    {
        var failed = FakeClock.Berlin(2026, 12, 4, 3, 30);

        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 3, 31), JobRetry.Default.Next(failed, PurgeDay, 0));
        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 3, 35), JobRetry.Default.Next(failed, PurgeDay, 1));
        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 3, 45), JobRetry.Default.Next(failed, PurgeDay, 2));
        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 4, 30), JobRetry.Default.Next(failed, PurgeDay, 3));
    }

    [Fact]
    public void Next_FourRetriesFailed_NoMore()
    {
        Assert.Equal(4, JobRetry.Default.MaxAttempts);
        Assert.Null(JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 4, 30), PurgeDay, 4));
    }

    [Fact]
    public void Next_RetryWouldFallIntoTheNextDay_NotRetried()
    {
        // 23:50 + 15 minutes is tomorrow: that day's own 03:30 run covers tomorrow, so this day is left to the card.
        Assert.Null(JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 23, 50), PurgeDay, 2));
        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 23, 55), JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 23, 50), PurgeDay, 1));
    }

    [Fact]
    public void Next_RetryExactlyAtPeriodEnd_NotRetried()
    {
        var hour = JobPeriod.Containing(FakeClock.Berlin(2026, 12, 4, 9), JobPeriodKind.Hour);

        Assert.Null(JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 9, 59), hour, 0));
        Assert.Equal(FakeClock.Berlin(2026, 12, 4, 9, 59), JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 9, 58), hour, 0));
    }

    [Fact]
    public void Next_MinuteJob_NeverRetriedItsNextFiringIsSooner()
    {
        var minute = JobPeriod.Containing(FakeClock.Berlin(2026, 12, 4, 9, 15), JobPeriodKind.Minute);

        Assert.Null(JobRetry.Default.Next(FakeClock.Berlin(2026, 12, 4, 9, 15), minute, 0));
    }

    [Fact]
    public void Next_WeeklyJobOnTheLongOctoberSunday_RetriedInsideTheWeek()
    {
        // The week ends Monday 00:00 (+01:00, the clocks went back that Sunday): an hour after 22:30 is still inside it.
        var week = JobPeriod.Containing(FakeClock.Berlin(2026, 10, 19, 7), JobPeriodKind.Week);
        var sunday = FakeClock.Berlin(2026, 10, 25, 22, 30);

        Assert.Equal(sunday.AddHours(1), JobRetry.Default.Next(sunday, week, 3));
        Assert.Null(JobRetry.Default.Next(sunday.AddMinutes(31), week, 3));
    }

    [Fact]
    public void Resolve_ConfiguredSeconds_ReplaceTheDefault()
    {
        var retry = JobRetry.Resolve(Configuration(("Jobs:RetryDelaysSeconds", "1, 2,30")));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)], retry.Delays);
        Assert.Equal(JobRetry.Default.Delays, JobRetry.Resolve(Configuration()).Delays);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("60,,300")]
    [InlineData("1m")]
    [InlineData("-5")]
    public void Resolve_WrongValue_StartStopsNamingTheKey(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => JobRetry.Resolve(Configuration(("Jobs:RetryDelaysSeconds", value))));

        Assert.Contains("Jobs:RetryDelaysSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Jobs__RetryDelaysSeconds", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
