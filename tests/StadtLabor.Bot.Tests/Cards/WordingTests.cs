using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>Card convention: dates with their weekday, durations in words (cards/README.md).</summary>
public sealed class WordingTests
{
    private static readonly Strings Words = new();
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("de", "2026-12-06T08:00:00", "So., 6. Dez., 9:00 Uhr")]   // a Sunday, CET
    [InlineData("en", "2026-12-06T08:00:00", "Sun 6 Dec, 9:00")]
    [InlineData("de", "2027-07-01T12:30:00", "Do., 1. Juli 2027, 14:30 Uhr")] // other year, CEST
    [InlineData("en", "2027-07-01T12:30:00", "Thu 1 Jul 2027, 14:30")]
    public void Moment_WithWeekdayInBerlinTime(string lang, string utc, string expected) =>
        Assert.Equal(expected, Wording.Moment(lang, DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), Now));

    [Theory]
    [InlineData("de", 730 * 24 * 60, "2 Jahre")]
    [InlineData("de", 365 * 24 * 60, "1 Jahr")]
    [InlineData("de", 180 * 24 * 60, "6 Monate")]
    [InlineData("de", 14 * 24 * 60, "2 Wochen")]
    [InlineData("de", 3 * 24 * 60, "3 Tage")]
    [InlineData("de", 24 * 60, "24 Stunden")]
    [InlineData("de", 48 * 60, "48 Stunden")]
    [InlineData("de", 60, "1 Stunde")]
    [InlineData("de", 90, "1 Stunde 30 Minuten")]
    [InlineData("de", 1, "1 Minute")]
    [InlineData("de", 0, "0 Minuten")]
    [InlineData("de", 3 * 24 * 60 + 5 * 60, "3 Tage 5 Stunden")]
    [InlineData("en", 730 * 24 * 60, "2 years")]
    [InlineData("en", 24 * 60, "24 hours")]
    [InlineData("en", 1, "1 minute")]
    public void Duration_InWords(string lang, int minutes, string expected) =>
        Assert.Equal(expected, Wording.Duration(Words, lang, TimeSpan.FromMinutes(minutes)));
}
