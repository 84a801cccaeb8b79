using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Tests.Jobs;
using StadtLabor.Jobs;
using StadtLabor.Bot.Features.Trainings.Jobs;

namespace StadtLabor.Bot.Tests.Trainings;

/// <summary>
/// When a reminder is due. "24 hours before" is real elapsed time (see <see cref="ReminderRule"/>); the clock is a
/// fake <see cref="TimeProvider"/> so the daylight-saving Sundays in Europe/Berlin can be walked through minute by minute.
/// </summary>
public sealed class ReminderRuleTests
{
    private static readonly int[] Leads = [24, 1];

    private static DateTime Utc(DateTimeOffset instant) => instant.UtcDateTime;

    /// <summary>The first minute (as a minute job would see it) at which the reminder is due, walking a fake clock.</summary>
    private static DateTimeOffset FirstDueMinute(DateTimeOffset start, DateTimeOffset from, int lead, DateTime bookedAtUtc)
    {
        var clock = new FakeClock(from);
        while (clock.Now < start)
        {
            if (ReminderRule.DueLead(Utc(start), bookedAtUtc, Leads, clock.GetUtcNow().UtcDateTime) == lead) return clock.Now;
            clock.Now = clock.Now.AddMinutes(1);
        }
        throw new Xunit.Sdk.XunitException("never due");
    }

    [Fact]
    public void DueLead_DayBefore_TwentyFourHourReminderFromExactlyTwentyFourHoursBefore()
    {
        var start = FakeClock.Berlin(2026, 12, 8, 10);
        var booked = Utc(start.AddDays(-5));

        Assert.Null(ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-24).AddMinutes(-1))));
        Assert.Equal(24, ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-24))));
        Assert.Equal(24, ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-2))));
    }

    [Fact]
    public void DueLead_BothLeadsDue_OnlyTheNearest()
    {
        var start = FakeClock.Berlin(2026, 12, 8, 10);

        // A job that was down all day: at 09:30 both leads are due, only "in an hour" is sent.
        Assert.Equal(1, ReminderRule.DueLead(Utc(start), Utc(start.AddDays(-5)), Leads, Utc(start.AddMinutes(-30))));
    }

    [Fact]
    public void DueLead_BookedThreeHoursBefore_NoTomorrowReminderButTheOneHourOne()
    {
        var start = FakeClock.Berlin(2026, 12, 8, 10);
        var booked = Utc(start.AddHours(-3));

        Assert.Null(ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-3).AddMinutes(1))));
        Assert.Null(ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-1).AddMinutes(-1))));
        Assert.Equal(1, ReminderRule.DueLead(Utc(start), booked, Leads, Utc(start.AddHours(-1))));
    }

    [Fact]
    public void DueLead_SessionStarted_Nothing()
    {
        var start = FakeClock.Berlin(2026, 12, 8, 10);

        Assert.Null(ReminderRule.DueLead(Utc(start), Utc(start.AddDays(-5)), Leads, Utc(start)));
        Assert.Null(ReminderRule.DueLead(Utc(start), Utc(start.AddDays(-5)), Leads, Utc(start.AddHours(1))));
    }

    [Fact]
    public void DueLead_SpringForwardSunday_TwentyFourRealHoursIsNineOClockSaturday()
    {
        // Sunday 29 March 2026, clocks go 02:00 → 03:00. A session at 10:00 (CEST, 08:00 UTC) that day:
        // 24 real hours before is Saturday 08:00 UTC, which is 09:00 on Saturday's clock (CET), not 10:00.
        var start = FakeClock.Berlin(2026, 3, 29, 10);
        var due = FirstDueMinute(start, FakeClock.Berlin(2026, 3, 27, 12), 24, Utc(start.AddDays(-7)));

        Assert.Equal(FakeClock.Utc(2026, 3, 28, 8), due);
        Assert.Equal(new DateTime(2026, 3, 28, 9, 0, 0), LabTime.ToBerlin(due).DateTime);
        Assert.Equal(TimeSpan.FromHours(24), start - due);
    }

    [Fact]
    public void DueLead_FallBackSunday_TwentyFourRealHoursIsElevenOClockSaturday()
    {
        // Sunday 25 October 2026, clocks go 03:00 → 02:00. A session at 10:00 (CET, 09:00 UTC) that day:
        // 24 real hours before is Saturday 09:00 UTC, which is 11:00 on Saturday's clock (CEST).
        var start = FakeClock.Berlin(2026, 10, 25, 10);
        var due = FirstDueMinute(start, FakeClock.Berlin(2026, 10, 23, 12), 24, Utc(start.AddDays(-7)));

        Assert.Equal(FakeClock.Utc(2026, 10, 24, 9), due);
        Assert.Equal(new DateTime(2026, 10, 24, 11, 0, 0), LabTime.ToBerlin(due).DateTime);
        Assert.Equal(TimeSpan.FromHours(24), start - due);
    }

    [Theory]
    [InlineData(3, 30, 8)] // Monday after the spring switch: 10:00 CEST = 08:00 UTC
    [InlineData(10, 26, 9)] // Monday after the autumn switch: 10:00 CET = 09:00 UTC
    public void DueLead_MondayAfterASwitch_TenOClockSundayAsOnTheWallClock(int month, int day, int startUtcHour)
    {
        // The switch happens at night before Sunday's reminder, so both instants have the same offset.
        var start = FakeClock.Berlin(2026, month, day, 10);
        Assert.Equal(FakeClock.Utc(2026, month, day, startUtcHour), start);

        var due = FirstDueMinute(start, start.AddHours(-30), 24, Utc(start.AddDays(-7)));

        Assert.Equal(new DateTime(2026, month, day - 1, 10, 0, 0), LabTime.ToBerlin(due).DateTime);
        Assert.Equal(TimeSpan.FromHours(24), start - due);
    }

    [Fact]
    public void DueLead_OneHourReminderAcrossTheRepeatedHour_SixtyRealMinutes()
    {
        // 25 October 2026: a session at 02:30 CET (the second 02:30, 01:30 UTC); its 1-hour reminder is at the
        // first 02:30 (CEST, 00:30 UTC) – the wall clock shows the same time, and an hour has really passed.
        var start = FakeClock.Utc(2026, 10, 25, 1, 30);
        var due = FirstDueMinute(start, start.AddHours(-3), 1, Utc(start.AddDays(-7)));

        Assert.Equal(FakeClock.Utc(2026, 10, 25, 0, 30), due);
        Assert.Equal(LabTime.ToBerlin(start).DateTime, LabTime.ToBerlin(due).DateTime);
    }
}
