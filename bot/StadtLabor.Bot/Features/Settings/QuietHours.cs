using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// Quiet hours for everything the bot sends on its own that is not urgent (digests, folded reminders, a "Später"
/// reminder, idea status changes, survey invitations): only on working days (Mon–Fri, no NRW holiday) between 7:00 and
/// 18:00 Berlin time. A message due outside that waits for the next allowed moment (the outbox's not-before).
/// Urgent ones (a training starting, an offered seat that expires, a confirmation of one's own click) are not held:
/// they are answers or time-critical, and their senders do not ask. Pure, with Berlin's clock: the DST Sundays and
/// holidays have unit tests.
/// </summary>
public static class QuietHours
{
    public const string Section = "QuietHours";

    public static readonly TimeOnly Opens = new(7, 0);
    public static readonly TimeOnly Closes = new(18, 0);

    public static bool IsQuiet(DateTime utc)
    {
        var local = LabTime.ToBerlin(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return !IsWorkingDay(day) || time < Opens || time >= Closes;
    }

    /// <summary><paramref name="utc"/> itself when it is not quiet, else the next working day's 7:00 Berlin (as UTC).</summary>
    public static DateTime NextAllowedUtc(DateTime utc)
    {
        if (!IsQuiet(utc)) return utc;
        var local = LabTime.ToBerlin(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        var day = DateOnly.FromDateTime(local.DateTime);
        // Before 7:00 on a working day it is the same morning; otherwise the next working day.
        if (!(IsWorkingDay(day) && TimeOnly.FromDateTime(local.DateTime) < Opens)) day = day.AddDays(1);
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return At(day, Opens);
    }

    /// <summary>A Berlin wall-clock time on a day, as UTC (the offset of that day: +1 in winter, +2 in summer).</summary>
    public static DateTime At(DateOnly day, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), LabTime.Berlin);

    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !NrwHolidays.IsHoliday(day);
}

/// <summary>
/// Section "QuietHours": Enabled (default true). Off, non-urgent messages go out at once; the tests switch it off so that
/// what they check does not depend on the hour they run at (the rule itself has unit tests with fixed instants).
/// </summary>
public sealed class QuietHoursOptions
{
    public bool Enabled { get; set; } = true;
}
