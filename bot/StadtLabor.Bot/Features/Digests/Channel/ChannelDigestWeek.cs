using System.Globalization;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>
/// The stretches of time one channel digest covers, all derived from its ISO week (Europe/Berlin) and the moment it
/// is drawn (<see cref="AsOfUtc"/>: now, or the week's end for a week that is over): news (new items, ideas accepted or
/// done) since the Monday a week before, so a digest posted on Tuesday after Easter Monday misses nothing of the week
/// before; trainings from now on for two weeks after the Monday; lending's "free" for the rest of the week; surveys open
/// on some day of the week from today on.
/// </summary>
public sealed record ChannelDigestWindow(DateOnly Monday, DateTime WeekStartUtc, DateTime WeekEndUtc, DateTime AsOfUtc)
{
    public string PeriodKey => ChannelDigestWeek.PeriodKey(Monday);
    public DateTime NewsSinceUtc => LabTime.StartOfDay(Monday.AddDays(-7)).UtcDateTime;
    public DateTime TrainingsUntilUtc => LabTime.StartOfDay(Monday.AddDays(ChannelDigestWeek.TrainingDays)).UtcDateTime;
    public DateOnly Today => LabTime.BerlinDate(new DateTimeOffset(AsOfUtc, TimeSpan.Zero));
    public DateOnly Sunday => Monday.AddDays(6);
}

/// <summary>
/// Calendar rules of the weekly channel digest, pure so holidays and daylight saving have unit tests. The schedule
/// itself (<see cref="DefaultCron"/> on working days, NRW holidays skipped by the job's calendar, period = ISO week)
/// makes the first working day's firing the one that posts: the job period table lets the week run once, the later
/// firings of the week find it done. A restart after a missed Monday fires once (misfire: fire and proceed) and posts
/// the week then.
/// </summary>
public static class ChannelDigestWeek
{
    public const string JobName = "ChannelDigest";

    /// <summary>08:00 Monday to Friday, Europe/Berlin; the NRW holiday calendar moves a holiday Monday's post to the next working day.</summary>
    public const string DefaultCron = "0 0 8 ? * MON-FRI";

    /// <summary>How many days from the week's Monday the trainings section looks ahead.</summary>
    public const int TrainingDays = 14;

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string PeriodKey(DateOnly monday) => monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParsePeriodKey(string key, out DateOnly monday) =>
        DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out monday)
        && monday.DayOfWeek == DayOfWeek.Monday;

    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !NrwHolidays.IsHoliday(day);

    /// <summary>The day the week's digest is due: its first working day (Tuesday after Easter Monday); null in a week without one.</summary>
    public static DateOnly? FirstWorkingDay(DateOnly monday)
    {
        for (var day = monday; day <= monday.AddDays(4); day = day.AddDays(1))
            if (IsWorkingDay(day)) return day;
        return null;
    }

    public static ChannelDigestWindow Window(DateOnly monday, DateTime nowUtc)
    {
        var start = LabTime.StartOfDay(monday).UtcDateTime;
        var end = LabTime.StartOfDay(monday.AddDays(7)).UtcDateTime;
        return new ChannelDigestWindow(monday, start, end, nowUtc < end ? nowUtc : end);
    }

    public static ChannelDigestWindow Window(JobPeriod period, DateTime nowUtc) =>
        Window(MondayOf(DateOnly.FromDateTime(period.Start.DateTime)), nowUtc);

    /// <summary>Post (or update) at all: something to say, or Digests:PostWhenEmpty asks for the "nothing new" card.</summary>
    public static bool ShouldPost(int itemCount, bool postWhenEmpty) => itemCount > 0 || postWhenEmpty;
}
