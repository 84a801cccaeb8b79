using System.Globalization;

namespace StadtLabor.Jobs;

public enum JobPeriodKind
{
    /// <summary>For very frequent polling and for the tests of the scheduler itself.</summary>
    Second,
    Minute,
    Hour,
    Day,
    /// <summary>ISO 8601 week, Monday to Sunday.</summary>
    Week,
}

/// <summary>
/// The stretch of time one run covers, in Europe/Berlin. <see cref="Key"/> is what the wrapper remembers as done.
/// Seconds, minutes and hours are real (UTC) stretches whose key carries the offset, because on the last Sunday of
/// October the hour 02:00–03:00 happens twice (+02:00, then +01:00) and each is its own period. Days and weeks are
/// calendar days and weeks, so a day has 23 or 25 hours on the switch days.
/// </summary>
public readonly record struct JobPeriod(JobPeriodKind Kind, DateTimeOffset Start, DateTimeOffset End, string Key)
{
    public static JobPeriod Containing(DateTimeOffset instant, JobPeriodKind kind) => kind switch
    {
        JobPeriodKind.Second => Fixed(kind, instant, TimeSpan.FromSeconds(1), "yyyy-MM-dd'T'HH:mm:sszzz"),
        JobPeriodKind.Minute => Fixed(kind, instant, TimeSpan.FromMinutes(1), "yyyy-MM-dd'T'HH:mmzzz"),
        // Berlin's offsets are whole hours, so a UTC hour is also a local clock hour.
        JobPeriodKind.Hour => Fixed(kind, instant, TimeSpan.FromHours(1), "yyyy-MM-dd'T'HH:00zzz"),
        JobPeriodKind.Day => Day(LabTime.BerlinDate(instant)),
        JobPeriodKind.Week => Week(LabTime.BerlinDate(instant)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown period kind"),
    };

    public override string ToString() => Key;

    private static JobPeriod Fixed(JobPeriodKind kind, DateTimeOffset instant, TimeSpan length, string format)
    {
        var utc = instant.ToUniversalTime();
        var start = new DateTimeOffset(utc.Ticks - utc.Ticks % length.Ticks, TimeSpan.Zero);
        var local = LabTime.ToBerlin(start);
        return new JobPeriod(kind, local, LabTime.ToBerlin(start + length), local.ToString(format, CultureInfo.InvariantCulture));
    }

    private static JobPeriod Day(DateOnly date) =>
        new(JobPeriodKind.Day, LabTime.StartOfDay(date), LabTime.StartOfDay(date.AddDays(1)),
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static JobPeriod Week(DateOnly date)
    {
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        var dateTime = monday.ToDateTime(TimeOnly.MinValue);
        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(dateTime):D4}-W{ISOWeek.GetWeekOfYear(dateTime):D2}");
        return new JobPeriod(JobPeriodKind.Week, LabTime.StartOfDay(monday), LabTime.StartOfDay(monday.AddDays(7)), key);
    }
}
