using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

/// <summary>A clock the test sets; Quartz computes a trigger's first fire time from its trigger builder's clock.</summary>
internal sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => LabTime.Berlin;

    /// <summary>A wall-clock time in Soest; only for times that exist exactly once.</summary>
    public static DateTimeOffset Berlin(int year, int month, int day, int hour = 0, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, LabTime.Berlin.GetUtcOffset(local));
    }

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
