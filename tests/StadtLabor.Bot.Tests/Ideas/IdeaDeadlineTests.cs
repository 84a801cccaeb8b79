using StadtLabor.Bot.Features.Ideas;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>
/// The first-response deadline: the Berlin day of submission plus 5 working days (Mon–Fri, no NRW holiday), over
/// Easter, Christmas and New Year, a weekend, a Friday evening and the daylight-saving Sundays, where the Berlin day
/// and the UTC day of a late-evening or just-after-midnight submission differ.
/// </summary>
public sealed class IdeaDeadlineTests
{
    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Theory]
    // Maundy Thursday 2026 at noon (CEST): Good Friday and Easter Monday do not count.
    [InlineData("2026-04-02T10:00", "2026-04-13")]
    // Maundy Thursday 2027 (CET, the switch comes on Easter Sunday).
    [InlineData("2027-03-25T11:00", "2027-04-05")]
    // The Wednesday before Christmas: Christmas Eve is a working day in NRW, both Christmas days are not.
    [InlineData("2026-12-23T11:00", "2026-12-31")]
    // Between the years: New Year's Day does not count, Epiphany is no holiday in NRW.
    [InlineData("2026-12-29T11:00", "2027-01-06")]
    // A Saturday: counting starts on Monday.
    [InlineData("2026-11-14T11:00", "2026-11-20")]
    // Friday evening 21:30 in Berlin: due the next Friday.
    [InlineData("2026-11-13T20:30", "2026-11-20")]
    public void DueOn_FiveWorkingDays_SkipsWeekendsAndHolidays(string submittedUtc, string expected)
    {
        var at = DateTime.SpecifyKind(DateTime.Parse(submittedUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), IdeaDeadline.DueOn(at, 5));
    }

    [Fact]
    public void DueOn_SpringForwardSundayLateEvening_CountsFromThatBerlinSunday()
    {
        // Sun 29 Mar 2026, 23:30 in Berlin (CEST since 3:00) is 21:30 UTC: Mon–Thu count, then Good Friday and
        // Easter Monday do not, Tuesday is the fifth.
        Assert.Equal(new DateOnly(2026, 4, 7), IdeaDeadline.DueOn(Utc(2026, 3, 29, 21, 30), 5));
    }

    [Fact]
    public void DueOn_JustAfterMidnightOnTheMondayAfterSpringForward_CountsFromMonday()
    {
        // Mon 30 Mar 2026, 00:30 in Berlin is still Sunday 22:30 UTC; counted from the UTC day it would be a day earlier.
        Assert.Equal(new DateOnly(2026, 4, 8), IdeaDeadline.DueOn(Utc(2026, 3, 29, 22, 30), 5));
    }

    [Fact]
    public void DueOn_FallBackSundayLateEvening_CountsFromThatBerlinSunday()
    {
        // Sun 25 Oct 2026, 23:30 in Berlin (CET since 3:00) is 22:30 UTC.
        Assert.Equal(new DateOnly(2026, 10, 30), IdeaDeadline.DueOn(Utc(2026, 10, 25, 22, 30), 5));
    }

    [Fact]
    public void DueOn_JustAfterMidnightOnTheMondayAfterFallBack_CountsFromMonday()
    {
        // Mon 26 Oct 2026, 00:30 in Berlin is Sunday 23:30 UTC; All Saints' Day falls on a Sunday that year.
        Assert.Equal(new DateOnly(2026, 11, 2), IdeaDeadline.DueOn(Utc(2026, 10, 25, 23, 30), 5));
    }

    [Fact]
    public void DueOn_TwiceLivedHourOfFallBack_BothInstantsAreThatSunday()
    {
        // 02:30 in Berlin happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): the same Berlin day.
        Assert.Equal(IdeaDeadline.DueOn(Utc(2026, 10, 25, 0, 30), 5), IdeaDeadline.DueOn(Utc(2026, 10, 25, 1, 30), 5));
        Assert.Equal(new DateOnly(2026, 10, 30), IdeaDeadline.DueOn(Utc(2026, 10, 25, 0, 30), 5));
    }

    [Fact]
    public void IsOverdue_DueDayItself_NotYetThenTheNextDay()
    {
        var idea = Idea(IdeaStatus.Submitted, answered: null);

        Assert.False(IdeaDeadline.IsOverdue(idea, new DateOnly(2026, 11, 20)));
        Assert.True(IdeaDeadline.IsOverdue(idea, new DateOnly(2026, 11, 21)));
    }

    [Fact]
    public void IsOverdue_AnsweredOrClosed_Never()
    {
        var later = new DateOnly(2026, 12, 1);

        Assert.False(IdeaDeadline.IsOverdue(Idea(IdeaStatus.InReview, answered: Utc(2026, 11, 25, 9)), later));
        Assert.False(IdeaDeadline.IsOverdue(Idea(IdeaStatus.Rejected, answered: null), later));
        Assert.False(IdeaDeadline.IsOverdue(Idea(IdeaStatus.Merged, answered: null), later));
        Assert.True(IdeaDeadline.IsOverdue(Idea(IdeaStatus.Accepted, answered: null), later));
    }

    private static Idea Idea(IdeaStatus status, DateTime? answered) => new()
    {
        Title = "Termine online vereinbaren",
        Description = "Damit niemand anrufen muss.",
        Status = status,
        SubmittedAtUtc = Utc(2026, 11, 13, 9),
        FirstResponseDueOn = new DateOnly(2026, 11, 20),
        FirstPublicAnswerAtUtc = answered,
    };
}
