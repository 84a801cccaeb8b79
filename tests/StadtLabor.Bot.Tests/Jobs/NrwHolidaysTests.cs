using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

public sealed class NrwHolidaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)] // the latest possible date
    [InlineData(2285, 3, 22)] // the earliest possible date
    [InlineData(1981, 4, 19)] // one of the years Gauss' first rule needed an exception for
    public void EasterSunday_KnownYears_MatchesTheChurchCalendar(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), NrwHolidays.EasterSunday(year));

    [Fact]
    public void For_2026_TheElevenNrwHolidays()
    {
        var holidays = NrwHolidays.For(2026).ToDictionary(h => h.Name, h => h.Date);

        Assert.Equal(11, holidays.Count);
        Assert.Equal(new DateOnly(2026, 1, 1), holidays["Neujahr"]);
        Assert.Equal(new DateOnly(2026, 4, 3), holidays["Karfreitag"]);
        Assert.Equal(new DateOnly(2026, 4, 6), holidays["Ostermontag"]);
        Assert.Equal(new DateOnly(2026, 5, 1), holidays["Tag der Arbeit"]);
        Assert.Equal(new DateOnly(2026, 5, 14), holidays["Christi Himmelfahrt"]);
        Assert.Equal(new DateOnly(2026, 5, 25), holidays["Pfingstmontag"]);
        Assert.Equal(new DateOnly(2026, 6, 4), holidays["Fronleichnam"]);
        Assert.Equal(new DateOnly(2026, 10, 3), holidays["Tag der Deutschen Einheit"]);
        Assert.Equal(new DateOnly(2026, 11, 1), holidays["Allerheiligen"]);
        Assert.Equal(new DateOnly(2026, 12, 25), holidays["1. Weihnachtstag"]);
        Assert.Equal(new DateOnly(2026, 12, 26), holidays["2. Weihnachtstag"]);
    }

    [Theory]
    [InlineData(2026, 4, 2, false)]  // Gründonnerstag is a working day in NRW
    [InlineData(2026, 10, 31, false)] // Reformationstag is not a holiday in NRW
    [InlineData(2026, 11, 18, false)] // nor Buß- und Bettag
    [InlineData(2026, 12, 24, false)]
    [InlineData(2027, 3, 26, true)]  // Karfreitag 2027
    [InlineData(2027, 5, 27, true)]  // Fronleichnam 2027
    public void IsHoliday_DaysOftenMistaken_OnlyNrwHolidays(int year, int month, int day, bool expected) =>
        Assert.Equal(expected, NrwHolidays.IsHoliday(new DateOnly(year, month, day)));

    [Fact]
    public void Calendar_Karfreitag_ExcludedInBerlinTimeAndNextIncludedIsSaturdayMidnight()
    {
        var calendar = new NrwHolidayCalendar();

        // 23:30 UTC on Thursday is already Karfreitag in Soest.
        Assert.False(calendar.IsTimeIncluded(FakeClock.Utc(2026, 4, 2, 22, 30)));
        Assert.True(calendar.IsTimeIncluded(FakeClock.Utc(2026, 4, 2, 21, 30)));
        Assert.Equal(FakeClock.Berlin(2026, 4, 4), calendar.GetNextIncludedTimeUtc(FakeClock.Berlin(2026, 4, 3, 10)));
        Assert.Equal(FakeClock.Berlin(2026, 4, 7), calendar.GetNextIncludedTimeUtc(FakeClock.Berlin(2026, 4, 6, 12)));
    }
}
