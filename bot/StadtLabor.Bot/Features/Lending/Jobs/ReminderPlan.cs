namespace StadtLabor.Bot.Features.Lending.Jobs;

public enum ReminderKind
{
    /// <summary>Lent and past its return: said again every working day until it is back.</summary>
    Overdue,
    ReturnDue,
    Pickup,
}

public readonly record struct ReminderLine(ReminderKind Kind, LendingReservation Reservation);

/// <summary>
/// What one person hears about on one day: every item at once, never one message per item (the complaint about
/// Snipe-IT #14156). Pure, so the working-day window has unit tests of its own.
/// </summary>
public static class ReminderPlan
{
    /// <summary>
    /// The lines for one person's reservations on <paramref name="today"/>: overdue loans first (most urgent), then
    /// returns and pickups in the window of <see cref="LendingDays.ReminderWindow"/>, each group in time order.
    /// Only confirmed reservations are announced for pickup (a request still waits for the lab team).
    /// </summary>
    public static IReadOnlyList<ReminderLine> Lines(IEnumerable<LendingReservation> reservations, DateOnly today, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        var (fromUtc, toUtc) = WindowUtc(today);
        var list = reservations.ToList();
        return
        [
            .. list.Where(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc < nowUtc)
                .OrderBy(r => r.EndsAtUtc).ThenBy(r => r.Id).Select(r => new ReminderLine(ReminderKind.Overdue, r)),
            .. list.Where(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc >= nowUtc && r.EndsAtUtc >= fromUtc && r.EndsAtUtc < toUtc)
                .OrderBy(r => r.EndsAtUtc).ThenBy(r => r.Id).Select(r => new ReminderLine(ReminderKind.ReturnDue, r)),
            .. list.Where(r => r.Status == ReservationStatus.Confirmed && r.StartsAtUtc >= fromUtc && r.StartsAtUtc < toUtc)
                .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).Select(r => new ReminderLine(ReminderKind.Pickup, r)),
        ];
    }

    /// <summary>The instants of the reminder window of <paramref name="today"/>.</summary>
    public static (DateTime FromUtc, DateTime ToUtc) WindowUtc(DateOnly today)
    {
        var (first, last) = LendingDays.ReminderWindow(today);
        return LendingDays.Utc(first, last);
    }
}
