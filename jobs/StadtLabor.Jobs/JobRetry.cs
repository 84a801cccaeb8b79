using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StadtLabor.Jobs;

/// <summary>
/// When a failed run is tried again. Without this a daily job that fails (the retention purge at 03:30) waits a whole
/// day for its next firing, a weekly one a week. A retry covers the failed run's own period, so it is only worth
/// scheduling while that period is still open; after it the job's normal schedule takes over.
/// </summary>
public sealed record JobRetry(IReadOnlyList<TimeSpan> Delays)
{
    public const string Key = "RetryDelaysSeconds";

    /// <summary>The retry triggers' own group, so they never count as a job's schedule (ScheduleSync looks at "lab").</summary>
    public const string Group = "lab-retry";

    // JobDataMap keys of a retry trigger. Strings only: the store serialises the map with System.Text.Json, which
    // would hand an int or a DateTimeOffset back as something else.
    internal const string ScheduledUtcData = "scheduledUtc";
    internal const string AttemptData = "attempt";

    /// <summary>
    /// 1, 5, 15, 60 minutes: the first retry catches a blip (a deploy, a dropped connection), the later ones give a
    /// database or mail server that is down for maintenance time to come back, and four tries keep a job that fails
    /// for good from filling the log and the status card within its period.
    /// </summary>
    public static readonly JobRetry Default = new([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)]);

    public int MaxAttempts => Delays.Count;

    /// <summary>When to try again after a failure, or null when not to.</summary>
    /// <param name="failedUtc">When the run failed.</param>
    /// <param name="period">The period the failed run covered.</param>
    /// <param name="attempt">Which retry failed: 0 for the scheduled run itself.</param>
    public DateTimeOffset? Next(DateTimeOffset failedUtc, JobPeriod period, int attempt)
    {
        if (attempt < 0 || attempt >= Delays.Count) return null;
        var at = failedUtc + Delays[attempt];
        return at < period.End ? at : null;
    }

    /// <summary>Reads <c>Jobs:RetryDelaysSeconds</c>, e.g. <c>60,300,900,3600</c>; a wrong value stops the start naming the key.</summary>
    public static JobRetry Resolve(IConfiguration configuration)
    {
        if (configuration[$"{JobSchedules.Section}:{Key}"] is not { Length: > 0 } raw) return Default;
        var delays = new List<TimeSpan>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
                throw new InvalidOperationException($"{JobSchedules.Section}:{Key} '{raw}' must be seconds between retries, comma-separated whole numbers of at least 1, e.g. '60,300,900,3600' ({JobSchedules.Section}__{Key}).");
            delays.Add(TimeSpan.FromSeconds(seconds));
        }
        return new JobRetry(delays);
    }
}
