using Quartz;

namespace StadtLabor.Jobs;

/// <summary>One scheduled job as a feature declares it; configuration may change its cron or switch it off.</summary>
public sealed record JobDefinition(string Name, Type JobType, string DefaultCron, JobPeriodKind Period, bool SkipHolidays);

/// <summary>
/// Every job of the bot. Features add theirs in <c>AddJobs</c>; the cron is Quartz's six-field form
/// (seconds minutes hours day-of-month month day-of-week) and is always read in Europe/Berlin.
/// </summary>
public sealed class JobCatalog
{
    private readonly List<JobDefinition> _jobs = [];

    public IReadOnlyList<JobDefinition> Jobs => _jobs;

    /// <param name="name">Letters and digits; also the configuration key <c>Jobs:&lt;name&gt;</c>.</param>
    /// <param name="cron">Default schedule, e.g. <c>0 0 7 ? * MON-FRI</c> for 07:00 on working days.</param>
    /// <param name="period">What one run covers; a run for a period already completed does nothing.</param>
    /// <param name="skipHolidays">Do not fire on NRW public holidays.</param>
    public JobCatalog Add<TJob>(string name, string cron, JobPeriodKind period, bool skipHolidays = false)
        where TJob : class, ILabJob
    {
        if (string.IsNullOrEmpty(name) || !name.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"Job name '{name}' must consist of letters and digits only (it is also the configuration key Jobs:<name>).", nameof(name));
        if (Find(name) is not null)
            throw new InvalidOperationException($"Job '{name}' is registered twice; job names must be unique.");
        if (!CronExpression.TryParse(cron, out _))
            throw new ArgumentException($"Job '{name}': '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).", nameof(cron));
        _jobs.Add(new JobDefinition(name, typeof(TJob), cron, period, skipHolidays));
        return this;
    }

    public JobDefinition? Find(string name) => _jobs.Find(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));
}
