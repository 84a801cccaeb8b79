using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Settings;

namespace StadtLabor.Bot.Tests.Settings;

/// <summary>Quiet hours with Berlin's clock (DST Sundays, NRW holidays) and what the settings card accepts.</summary>
public sealed class DigestSettingsTests
{
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(2026, 12, 8, 10, 0, false)]  // Tuesday 11:00 CET
    [InlineData(2026, 12, 8, 5, 30, true)]   // Tuesday 6:30 CET
    [InlineData(2026, 12, 8, 17, 0, true)]   // Tuesday 18:00 CET: closed from 18:00
    [InlineData(2026, 12, 5, 10, 0, true)]   // Saturday
    [InlineData(2026, 12, 25, 10, 0, true)]  // Christmas Day, a Friday
    [InlineData(2027, 3, 29, 8, 0, true)]    // Easter Monday
    [InlineData(2027, 3, 30, 5, 0, false)]   // Tuesday after the switch: 7:00 CEST is open
    [InlineData(2027, 3, 23, 5, 30, true)]   // a week earlier the same UTC instant is 6:30 CET
    public void IsQuiet_BerlinWorkingHoursOnly(int y, int m, int d, int h, int mi, bool quiet) =>
        Assert.Equal(quiet, QuietHours.IsQuiet(Utc(y, m, d, h, mi)));

    [Fact]
    public void NextAllowed_EarlyMorning_SameDaySeven() =>
        Assert.Equal(Utc(2026, 12, 8, 6), QuietHours.NextAllowedUtc(Utc(2026, 12, 8, 5, 30)));

    [Fact]
    public void NextAllowed_OpenHours_Unchanged() =>
        Assert.Equal(Utc(2026, 12, 8, 10), QuietHours.NextAllowedUtc(Utc(2026, 12, 8, 10)));

    [Fact]
    public void NextAllowed_FridayEveningBeforeTheOctoberSwitch_MondayAtWinterTime() =>
        // Friday 23 October 2026 18:30 CEST; the clocks go back on Sunday; Monday 7:00 CET is 6:00 UTC.
        Assert.Equal(Utc(2026, 10, 26, 6), QuietHours.NextAllowedUtc(Utc(2026, 10, 23, 16, 30)));

    [Fact]
    public void NextAllowed_MaundyThursdayEvening_TuesdayAfterEasterAtSummerTime() =>
        // Good Friday, the weekend with the March switch and Easter Monday are all quiet.
        Assert.Equal(Utc(2027, 3, 30, 5), QuietHours.NextAllowedUtc(Utc(2027, 3, 25, 17, 30)));

    [Fact]
    public void Parse_CardInputs_TheChoice()
    {
        var choice = ChooseDigest.Parse(new JsonObject { ["frequency"] = "daily", ["folds"] = "lending,surveys", ["roleDigests"] = "false" });
        Assert.Equal(new DigestChoice(DigestFrequency.Daily, DigestFolds.LendingDueDates | DigestFolds.SurveyInvitations, false), choice);
        Assert.Equal(new DigestChoice(DigestFrequency.Off, DigestFolds.None, true), ChooseDigest.Parse(new JsonObject { ["frequency"] = "off", ["folds"] = "" }));
    }

    [Theory]
    [InlineData("""{"frequency":"hourly"}""")]
    [InlineData("""{"frequency":3}""")]
    [InlineData("""{"frequency":"weekly","folds":"lending,everything"}""")]
    [InlineData("""{"frequency":"weekly","roleDigests":"maybe"}""")]
    [InlineData("""{"frequency":"weekly","folds":["lending"]}""")]
    public void Parse_Unknown_Nothing(string json) => Assert.Null(ChooseDigest.Parse(JsonNode.Parse(json)!.AsObject()));
}
