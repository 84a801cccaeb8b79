using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;

namespace StadtLabor.Bot.Features.Lending.Jobs;

/// <summary>
/// The calendar arithmetic of the lending jobs, pure so the weekends, NRW holidays and daylight-saving Sundays have
/// their own unit tests. Days are Berlin calendar days; instants are UTC.
/// </summary>
public static class LendingDays
{
    /// <summary>The first working day (Mon–Fri, no NRW holiday) after <paramref name="day"/>.</summary>
    public static DateOnly NextWorkingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (!WorkingDays.IsWorkingDay(next)) next = next.AddDays(1);
        return next;
    }

    /// <summary>
    /// The days whose pickups and returns the reminder on <paramref name="today"/> announces: after today up to and
    /// including the next working day. On a Friday that is Saturday to Monday (so a Monday pickup is announced on
    /// Friday, not on the Monday itself); before a holiday it reaches over it. Each day falls into exactly one run's
    /// window, so nobody hears about the same pickup twice on two days.
    /// </summary>
    public static (DateOnly First, DateOnly Last) ReminderWindow(DateOnly today) => (today.AddDays(1), NextWorkingDay(today));

    /// <summary>[from, to) in UTC of the Berlin days <paramref name="first"/> to <paramref name="last"/> (23 or 25 hours on the switch days).</summary>
    public static (DateTime FromUtc, DateTime ToUtc) Utc(DateOnly first, DateOnly last) =>
        (StartUtc(first), StartUtc(last.AddDays(1)));

    /// <summary>
    /// When a reservation counts as not picked up: the lab's closing time on the Berlin date of the pickup, as that
    /// day's clock reads it (so the Friday before the October switch closes at 12:30 summer time, 10:30 UTC). A day
    /// without opening hours (the hours were changed after the reservation) ends at midnight.
    /// </summary>
    public static DateTime EndOfFirstDayUtc(DateTime pickupUtc, LendingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = TrainingTime.ToBerlin(pickupUtc);
        var day = DateOnly.FromDateTime(local);
        return options.HoursOn(local.DayOfWeek) is { } hours && TimeOnly.FromDateTime(local) <= hours.Closes
            ? TrainingTime.ToUtc(day.ToDateTime(hours.Closes))
            : StartUtc(day.AddDays(1));
    }

    private static DateTime StartUtc(DateOnly day) => TrainingTime.ToUtc(day.ToDateTime(TimeOnly.MinValue));
}
