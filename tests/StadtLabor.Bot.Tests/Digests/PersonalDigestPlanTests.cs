using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Digests.Personal;
using StadtLabor.Bot.Features.Settings;

namespace StadtLabor.Bot.Tests.Digests;

/// <summary>
/// When personal digests go out and what they cover, with Berlin's calendar: Easter 2027 falls on the DST Sunday
/// (28 March), so Good Friday, Easter Monday and the switch to summer time meet in one week.
/// </summary>
public sealed class PersonalDigestPlanTests
{
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void Weekly_OrdinaryMonday_KeyIsMondayAndWindowIsTheWeek()
    {
        var p = PersonalDigestPlan.For(DigestFrequency.Weekly, new DateOnly(2026, 12, 7))!;
        Assert.Equal("2026-12-07", p.Key);
        Assert.Equal(Utc(2026, 12, 7, 6, 30), p.SendAtUtc);
        Assert.Equal(Utc(2026, 11, 30, 6, 30), p.SinceUtc);
        // Up to the end of next week's first working day (Monday 14 December), Berlin midnight in winter = 23:00 UTC.
        Assert.Equal(Utc(2026, 12, 14, 23), p.AheadUntilUtc);
    }

    [Fact]
    public void Weekly_TuesdayOfAnOrdinaryWeek_NoEdition() =>
        Assert.Null(PersonalDigestPlan.For(DigestFrequency.Weekly, new DateOnly(2026, 12, 8)));

    [Fact]
    public void Weekly_EasterMondayOnTheDstWeek_TuesdayAtSummerTime()
    {
        Assert.Null(PersonalDigestPlan.For(DigestFrequency.Weekly, new DateOnly(2027, 3, 29)));
        var p = PersonalDigestPlan.For(DigestFrequency.Weekly, new DateOnly(2027, 3, 30))!;
        Assert.Equal("2027-03-29", p.Key);
        // 7:30 summer time (UTC+2) on the Tuesday; the previous edition was Monday 22 March at 7:30 winter time (UTC+1).
        Assert.Equal(Utc(2027, 3, 30, 5, 30), p.SendAtUtc);
        Assert.Equal(Utc(2027, 3, 22, 6, 30), p.SinceUtc);
    }

    [Fact]
    public void Daily_AfterEaster_CoversSinceMaundyThursday()
    {
        Assert.Null(PersonalDigestPlan.For(DigestFrequency.Daily, new DateOnly(2027, 3, 26)));
        Assert.Null(PersonalDigestPlan.For(DigestFrequency.Daily, new DateOnly(2027, 3, 28)));
        var p = PersonalDigestPlan.For(DigestFrequency.Daily, new DateOnly(2027, 3, 30))!;
        Assert.Equal("2027-03-30", p.Key);
        Assert.Equal(Utc(2027, 3, 25, 6, 30), p.SinceUtc);
        Assert.Equal(Utc(2027, 3, 30, 5, 30), p.SendAtUtc);
    }

    [Fact]
    public void Daily_Friday_LooksAheadOverTheWeekendToMonday()
    {
        var p = PersonalDigestPlan.For(DigestFrequency.Daily, new DateOnly(2026, 12, 4))!;
        Assert.Equal(Utc(2026, 12, 7, 23), p.AheadUntilUtc);
    }

    [Fact]
    public void Off_NeverAnEdition() =>
        Assert.Null(PersonalDigestPlan.For(DigestFrequency.Off, new DateOnly(2026, 12, 7)));

    [Theory]
    [InlineData(2026, 12, 9, 2026, 12, 14, 6)]   // Wednesday → next Monday, winter time
    [InlineData(2026, 12, 7, 2026, 12, 14, 6)]   // Monday → a week on, not the same day
    [InlineData(2027, 3, 24, 2027, 3, 30, 5)]    // the Monday is Easter Monday → Tuesday, summer time
    public void Later_NextMondayMorning(int y, int m, int d, int ly, int lm, int ld, int hourUtc) =>
        Assert.Equal(Utc(ly, lm, ld, hourUtc, 30), PersonalDigestPlan.LaterUtc(new DateOnly(y, m, d)));

    [Fact]
    public void Fold_OnlyTheChosenKinds_AndNothingWhenTheDigestIsOff()
    {
        var weekly = new DigestChoice(DigestFrequency.Weekly, DigestFolds.LendingDueDates | DigestFolds.SurveyInvitations, true);
        Assert.True(weekly.HasFolded(DigestFolds.LendingDueDates));
        Assert.True(weekly.HasFolded(DigestFolds.SurveyInvitations));
        Assert.False(weekly.HasFolded(DigestFolds.IdeaStatusChanges));
        Assert.False(weekly.HasFolded(DigestFolds.TrainingReminders));
        Assert.False(weekly.HasFolded(DigestFolds.None));
        // Off: a reminder held back for a digest that never comes would be lost.
        Assert.False((weekly with { Frequency = DigestFrequency.Off }).HasFolded(DigestFolds.LendingDueDates));
        Assert.False(DigestSettings.Default.HasFolded(DigestFolds.LendingDueDates));
    }

    [Fact]
    public void Notice_SecondClick_ReplacesTheFirstLine()
    {
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "x" }) };
        var once = AcknowledgeDigest.WithNotice(card, "Vermerkt: gelesen.");
        var twice = AcknowledgeDigest.WithNotice(once, "Vermerkt: erledigt.");
        var body = twice["body"]!.AsArray();
        Assert.Equal(2, body.Count);
        Assert.Equal("Vermerkt: erledigt.", body[0]!["text"]!.GetValue<string>());
        Assert.Single(card["body"]!.AsArray());
    }
}
