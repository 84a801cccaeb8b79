namespace StadtLabor.Jobs;

/// <summary>The administration works in Europe/Berlin; every schedule and period is meant in that zone.</summary>
public static class LabTime
{
    public static TimeZoneInfo Berlin { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset ToBerlin(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Berlin);

    public static DateOnly BerlinDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToBerlin(instant).DateTime);

    /// <summary>Local midnight. It always exists exactly once: Germany switches clocks at 02:00/03:00, never at midnight.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }
}
