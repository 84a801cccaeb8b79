using System.Globalization;
using StadtLabor.Bot.Features.Settings;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>
/// One personal edition's period: its key (the period's first Berlin day), the stretch whose news it reports
/// (since the previous edition's send time up to this one's) and how far ahead it looks (up to the day after the next
/// edition, so Friday's daily digest covers Monday and nothing falls between two editions).
/// </summary>
public sealed record PersonalPeriod(DigestFrequency Frequency, string Key, DateTime SinceUtc, DateTime SendAtUtc, DateTime AheadUntilUtc);

/// <summary>
/// When personal digests go out, pure so the weekends, NRW holidays and daylight-saving switches have unit tests.
/// Daily: every working day at 7:30 Berlin. Weekly: at 7:30 on the first working day of the ISO week (Tuesday after
/// Easter Monday). Off: never. The job runs every working day; each
/// frequency asks here whether today has an edition.
/// </summary>
public static class PersonalDigestPlan
{
    public static readonly TimeOnly SendAt = new(7, 30);

    public static PersonalPeriod? For(DigestFrequency frequency, DateOnly today)
    {
        if (!QuietHours.IsWorkingDay(today)) return null;
        switch (frequency)
        {
            case DigestFrequency.Daily:
                return new PersonalPeriod(frequency, Key(today), QuietHours.At(PreviousWorkingDay(today), SendAt),
                    QuietHours.At(today, SendAt), QuietHours.At(NextWorkingDay(today).AddDays(1), TimeOnly.MinValue));
            case DigestFrequency.Weekly when FirstWorkingDayOfWeek(today) == today:
                var monday = Monday(today);
                var previous = FirstWorkingDayOfWeek(monday.AddDays(-7)) ?? monday.AddDays(-7);
                var next = FirstWorkingDayOfWeek(monday.AddDays(7)) ?? monday.AddDays(7);
                return new PersonalPeriod(frequency, Key(monday), QuietHours.At(previous, SendAt),
                    QuietHours.At(today, SendAt), QuietHours.At(next.AddDays(1), TimeOnly.MinValue));
            default:
                return null;
        }
    }

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The first working day of the week holding <paramref name="day"/>; null for a week without one.</summary>
    public static DateOnly? FirstWorkingDayOfWeek(DateOnly day)
    {
        var monday = Monday(day);
        for (var d = monday; d < monday.AddDays(5); d = d.AddDays(1))
            if (QuietHours.IsWorkingDay(d)) return d;
        return null;
    }

    /// <summary>
    /// "Später (Montag)": the next Monday's edition time after <paramref name="today"/> (a week on when today is
    /// Monday), moved to the next working day when that Monday is a holiday.
    /// </summary>
    public static DateTime LaterUtc(DateOnly today)
    {
        var day = Monday(today).AddDays(7);
        while (!QuietHours.IsWorkingDay(day)) day = day.AddDays(1);
        return QuietHours.At(day, SendAt);
    }

    public static DateOnly NextWorkingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (!QuietHours.IsWorkingDay(next)) next = next.AddDays(1);
        return next;
    }

    public static DateOnly PreviousWorkingDay(DateOnly day)
    {
        var previous = day.AddDays(-1);
        while (!QuietHours.IsWorkingDay(previous)) previous = previous.AddDays(-1);
        return previous;
    }

    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
