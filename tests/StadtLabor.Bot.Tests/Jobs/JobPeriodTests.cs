using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

public sealed class JobPeriodTests
{
    [Fact]
    public void Day_InstantAfterMidnightInSoest_IsTheBerlinDay()
    {
        // 23:30 UTC is 00:30 the next day in Soest (CET, +01:00).
        var period = JobPeriod.Containing(FakeClock.Utc(2026, 10, 25, 23, 30), JobPeriodKind.Day);

        Assert.Equal("2026-10-26", period.Key);
        Assert.Equal(FakeClock.Berlin(2026, 10, 26), period.Start);
        Assert.Equal(FakeClock.Berlin(2026, 10, 27), period.End);
    }

    [Fact]
    public void Day_ClockChangeDays_Have23And25Hours()
    {
        var march = JobPeriod.Containing(FakeClock.Berlin(2026, 3, 29, 12), JobPeriodKind.Day);
        var october = JobPeriod.Containing(FakeClock.Berlin(2026, 10, 25, 12), JobPeriodKind.Day);

        Assert.Equal(TimeSpan.FromHours(23), march.End - march.Start);
        Assert.Equal(TimeSpan.FromHours(25), october.End - october.Start);
    }

    [Fact]
    public void Hour_RepeatedHourInOctober_TwoDifferentPeriods()
    {
        var first = JobPeriod.Containing(FakeClock.Utc(2026, 10, 25, 0, 30), JobPeriodKind.Hour);
        var second = JobPeriod.Containing(FakeClock.Utc(2026, 10, 25, 1, 30), JobPeriodKind.Hour);

        Assert.Equal("2026-10-25T02:00+02:00", first.Key);
        Assert.Equal("2026-10-25T02:00+01:00", second.Key);
        Assert.Equal(first.End, second.Start);
    }

    [Fact]
    public void Minute_AfterTheSkippedHourInMarch_IsThreeOClockSummerTime()
    {
        var period = JobPeriod.Containing(FakeClock.Utc(2026, 3, 29, 1, 0), JobPeriodKind.Minute);

        Assert.Equal("2026-03-29T03:00+02:00", period.Key);
        Assert.Equal(TimeSpan.FromMinutes(1), period.End - period.Start);
    }

    [Theory]
    [InlineData(2026, 3, 29, "2026-W13")] // a Sunday belongs to the week that began on Monday
    [InlineData(2026, 12, 31, "2026-W53")]
    [InlineData(2027, 1, 3, "2026-W53")]  // ISO: the first days of January can belong to last year's week
    [InlineData(2027, 1, 4, "2027-W01")]
    public void Week_IsoWeeks_KeyOfTheIsoYearAndWeek(int year, int month, int day, string key) =>
        Assert.Equal(key, JobPeriod.Containing(FakeClock.Berlin(year, month, day, 12), JobPeriodKind.Week).Key);

    [Fact]
    public void Week_OverTheMarchClockChange_MondayToMondayInLocalTime()
    {
        var week = JobPeriod.Containing(FakeClock.Berlin(2026, 3, 29, 12), JobPeriodKind.Week);

        Assert.Equal(FakeClock.Berlin(2026, 3, 23), week.Start);
        Assert.Equal(FakeClock.Berlin(2026, 3, 30), week.End);
        Assert.Equal(TimeSpan.FromHours(7 * 24 - 1), week.End - week.Start);
    }

    [Fact]
    public void Second_KeyCarriesTheOffset()
    {
        var period = JobPeriod.Containing(FakeClock.Utc(2026, 7, 1, 8, 0).AddSeconds(5.7), JobPeriodKind.Second);

        Assert.Equal("2026-07-01T10:00:05+02:00", period.Key);
    }
}
