using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Trainings;

/// <summary>Sessions are stored in UTC and entered and shown as Berlin wall-clock time, also on the days the clocks change.</summary>
public sealed class TrainingTimeTests
{
    [Theory]
    [InlineData("2026-12-08T10:00:00", "2026-12-08T09:00:00")] // winter: UTC+1
    [InlineData("2026-07-08T10:00:00", "2026-07-08T08:00:00")] // summer: UTC+2
    [InlineData("2026-03-29T01:30:00", "2026-03-29T00:30:00")] // last hour before the change
    [InlineData("2026-03-29T03:00:00", "2026-03-29T01:00:00")] // first hour after it
    [InlineData("2026-10-25T03:30:00", "2026-10-25T02:30:00")] // after the hour that repeats
    public void ToUtc_BerlinWallClock_RightInstant(string berlin, string utc) =>
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture),
            TrainingTime.ToUtc(DateTime.Parse(berlin, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ToUtc_TimeInTheSkippedHour_MovedForwardByTheGap()
    {
        // 02:30 does not exist on 29 March 2026 in Berlin; the form's 02:30 means 03:30 CEST.
        var utc = TrainingTime.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0));
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0), utc);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), TrainingTime.ToBerlin(utc));
    }

    [Fact]
    public void ToBerlin_RoundTrip_SameWallClock()
    {
        var local = new DateTime(2026, 11, 30, 14, 15, 0);
        Assert.Equal(local, TrainingTime.ToBerlin(TrainingTime.ToUtc(local)));
    }

    [Theory]
    [InlineData("de", "Di., 8. Dez. 2026 · 10:00–12:00")]
    [InlineData("en", "Tue 8 Dec 2026 · 10:00–12:00")]
    public void Span_SameDay_DateOnceAndBothTimes(string lang, string expected) =>
        Assert.Equal(expected, TrainingTime.Span(lang, new DateTime(2026, 12, 8, 9, 0, 0), new DateTime(2026, 12, 8, 11, 0, 0)));

    [Fact]
    public void Span_OnTheDayTheClocksGoBack_ShowsBerlinTimes()
    {
        // 25 Oct 2026: from 03:00 the zone is back on CET (UTC+1), so 09:00 UTC is 10:00 in Berlin.
        Assert.Equal("So., 25. Okt. 2026 · 10:00–13:00",
            TrainingTime.Span("de", new DateTime(2026, 10, 25, 9, 0, 0), new DateTime(2026, 10, 25, 12, 0, 0)));
    }

    [Theory]
    [InlineData(120, "de", "2 Stunden")]
    [InlineData(90, "de", "1 Stunde 30 Minuten")]
    [InlineData(45, "en", "45 minutes")]
    [InlineData(90, "en", "1 hour 30 minutes")]
    public void Duration_InWords(int minutes, string lang, string expected)
    {
        var start = new DateTime(2026, 12, 8, 9, 0, 0);
        Assert.Equal(expected, TrainingTime.Duration(new StadtLabor.Bot.Cards.Strings(), lang, start, start.AddMinutes(minutes)));
    }
}
