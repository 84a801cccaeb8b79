using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Jobs;

namespace StadtLabor.Bot.Tests.Lending;

/// <summary>
/// The calendar of the lending jobs: which days a reminder announces (weekends, NRW holidays), and when a pickup's
/// first day ends (the lab's closing time as that day's clock reads it, also on the daylight-saving weekends).
/// </summary>
public sealed class LendingJobDaysTests
{
    private static readonly LendingOptions Hours = new();

    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-11-12", "2026-11-13")] // Thursday → Friday
    [InlineData("2026-11-13", "2026-11-16")] // Friday → Monday
    [InlineData("2026-12-24", "2026-12-28")] // Christmas Eve (a working day) → over both holidays and the weekend
    [InlineData("2026-04-02", "2026-04-07")] // Maundy Thursday → over Good Friday, Easter and Easter Monday
    public void NextWorkingDay_WeekendsAndHolidays_Skipped(string day, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LendingDays.NextWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ReminderWindow_Friday_SaturdayToMonday()
    {
        var (first, last) = LendingDays.ReminderWindow(new DateOnly(2026, 11, 13));

        Assert.Equal((new DateOnly(2026, 11, 14), new DateOnly(2026, 11, 16)), (first, last));
    }

    [Fact]
    public void ReminderWindow_OverTheOctoberSwitch_InstantsFollowTheLocalMidnights()
    {
        // Friday 23 Oct 2026: Saturday 00:00 is still summer time (+2), Tuesday 00:00 already winter time (+1).
        var (fromUtc, toUtc) = ReminderPlan.WindowUtc(new DateOnly(2026, 10, 23));

        Assert.Equal(Utc(2026, 10, 23, 22), fromUtc);
        Assert.Equal(Utc(2026, 10, 26, 23), toUtc);
    }

    [Theory]
    [InlineData(2026, 10, 23, 7, 10, 30)]  // Friday before the October switch: 12:30 summer time
    [InlineData(2026, 10, 30, 8, 11, 30)]  // Friday after it: 12:30 winter time
    [InlineData(2026, 3, 27, 8, 11, 30)]   // Friday before the March switch: 12:30 winter time
    [InlineData(2026, 11, 12, 8, 16, 30)]  // Thursday: open until 17:30
    public void EndOfFirstDay_PickupAtNine_ClosingTimeOfThatDay(int y, int m, int d, int pickupUtcHour, int endUtcHour, int endUtcMinute) =>
        Assert.Equal(Utc(y, m, d, endUtcHour, endUtcMinute), LendingDays.EndOfFirstDayUtc(Utc(y, m, d, pickupUtcHour), Hours));

    [Fact]
    public void EndOfFirstDay_DayWithoutOpeningHours_Midnight()
    {
        var closedOnWednesday = new LendingOptions();
        closedOnWednesday.OpeningHours[DayOfWeek.Wednesday] = "";

        // Wednesday 11 Nov 2026, 10:00 Berlin: a pickup from before the hours were changed ends with the day.
        Assert.Equal(Utc(2026, 11, 11, 23), LendingDays.EndOfFirstDayUtc(Utc(2026, 11, 11, 9), closedOnWednesday));
    }

    private static LendingReservation Reservation(long id, ReservationStatus status, DateTime from, DateTime to) =>
        new() { Id = id, ItemId = 1, UserAadObjectId = "erika", Status = status, StartsAtUtc = from, EndsAtUtc = to };

    [Fact]
    public void ReminderPlan_Thursday_OverdueFirstThenReturnsThenPickupsOfFriday()
    {
        var now = Utc(2026, 11, 12, 8); // Thursday 09:00 Berlin
        var lines = ReminderPlan.Lines(
        [
            Reservation(1, ReservationStatus.Confirmed, Utc(2026, 11, 13, 8), Utc(2026, 11, 16, 11)), // pickup Friday
            Reservation(2, ReservationStatus.Lent, Utc(2026, 11, 9, 8), Utc(2026, 11, 13, 11)),      // return Friday
            Reservation(3, ReservationStatus.Lent, Utc(2026, 11, 2, 8), Utc(2026, 11, 10, 11)),      // overdue since Tuesday
            Reservation(4, ReservationStatus.Lent, Utc(2026, 11, 3, 8), Utc(2026, 11, 9, 11)),       // overdue since Monday
            Reservation(5, ReservationStatus.Requested, Utc(2026, 11, 13, 8), Utc(2026, 11, 16, 11)), // not approved yet
            Reservation(6, ReservationStatus.Confirmed, Utc(2026, 11, 16, 8), Utc(2026, 11, 17, 11)), // Monday: next time
            Reservation(7, ReservationStatus.Lent, Utc(2026, 11, 10, 8), Utc(2026, 11, 12, 11)),     // due today, not yet late
            Reservation(8, ReservationStatus.Returned, Utc(2026, 11, 2, 8), Utc(2026, 11, 10, 11)),
        ], new DateOnly(2026, 11, 12), now);

        Assert.Equal([(ReminderKind.Overdue, 4L), (ReminderKind.Overdue, 3L), (ReminderKind.ReturnDue, 2L), (ReminderKind.Pickup, 1L)],
            lines.Select(l => (l.Kind, l.Reservation.Id)));
    }

    [Fact]
    public void ReminderPlan_Friday_MondaysPickupAndReturnIncluded()
    {
        var now = Utc(2026, 11, 13, 8); // Friday 09:00 Berlin
        var lines = ReminderPlan.Lines(
        [
            Reservation(1, ReservationStatus.Confirmed, Utc(2026, 11, 16, 8), Utc(2026, 11, 18, 11)),
            Reservation(2, ReservationStatus.Lent, Utc(2026, 11, 10, 8), Utc(2026, 11, 16, 11)),
            Reservation(3, ReservationStatus.Confirmed, Utc(2026, 11, 17, 8), Utc(2026, 11, 18, 11)), // Tuesday
        ], new DateOnly(2026, 11, 13), now);

        Assert.Equal([(ReminderKind.ReturnDue, 2L), (ReminderKind.Pickup, 1L)], lines.Select(l => (l.Kind, l.Reservation.Id)));
    }
}
