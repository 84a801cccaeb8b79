using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Trainings;

public sealed class WorkingDaysTests
{
    [Fact]
    public void HolidayKeys_EveryNrwHoliday_NamedInBothLanguages()
    {
        var words = new Strings();
        foreach (var holiday in Enumerable.Range(2026, 10).SelectMany(NrwHolidays.For))
        {
            Assert.True(WorkingDays.HolidayKeys.TryGetValue(holiday.Name, out var key), $"no words for {holiday.Name}");
            foreach (var lang in Strings.Languages)
                Assert.False(string.IsNullOrWhiteSpace(words.Get(lang, $"trainingsAdmin.holiday.{key}")), $"{holiday.Name} has no {lang} name");
        }
        Assert.Equal("1. Weihnachtstag", words.Get(Strings.German, "trainingsAdmin.holiday." + WorkingDays.HolidayKeys["1. Weihnachtstag"]));
    }

    [Theory]
    [InlineData("2026-12-25", false)] // 1. Weihnachtstag, a Friday
    [InlineData("2026-12-12", false)] // Saturday
    [InlineData("2026-12-13", false)] // Sunday
    [InlineData("2027-05-06", false)] // Christi Himmelfahrt, a Thursday
    [InlineData("2026-12-14", true)]
    [InlineData("2026-12-24", true)] // Heiligabend is no statutory holiday
    public void IsWorkingDay_WeekendsAndNrwHolidays_AreNot(string day, bool expected) =>
        Assert.Equal(expected, WorkingDays.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
