namespace StadtLabor.Bot.Features.Trainings.Jobs;

/// <summary>
/// When a booked person gets a reminder. "N hours before" is real elapsed time (start minus N × 60 minutes in
/// UTC), not the same wall-clock time N/24 days earlier: on the Sundays the clocks change, the 24-hour reminder of
/// a session at 10:00 that Sunday comes on Saturday at 09:00 (March) or 11:00 (October) Berlin time. A session on
/// the Monday after is not affected, because the switch (at 02:00/03:00 on Sunday) lies before its reminder.
/// </summary>
public static class ReminderRule
{
    /// <summary>The instant the reminder with this lead becomes due.</summary>
    public static DateTime DueAtUtc(DateTime startsAtUtc, int leadHours) => startsAtUtc.AddHours(-leadHours);

    /// <summary>
    /// The lead (hours) whose reminder is due now, or null. Of several due leads only the nearest counts (a job that
    /// was down for a day sends "in an hour", not also "tomorrow"); once a nearer lead is due the farther one is never
    /// due again. Someone who booked after the due instant gets none for that lead (booking 3 hours before does not
    /// bring a "tomorrow" reminder). Nothing once the session has started.
    /// </summary>
    public static int? DueLead(DateTime startsAtUtc, DateTime bookedAtUtc, IEnumerable<int> leadsHours, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(leadsHours);
        if (nowUtc >= startsAtUtc) return null;
        int? nearest = null;
        foreach (var lead in leadsHours)
            if (DueAtUtc(startsAtUtc, lead) <= nowUtc && (nearest is null || lead < nearest)) nearest = lead;
        if (nearest is not { } due) return null;
        return bookedAtUtc < DueAtUtc(startsAtUtc, due) ? due : null;
    }
}
