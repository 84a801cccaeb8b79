using Microsoft.Extensions.Configuration;
using Quartz;

namespace StadtLabor.Jobs;

/// <summary>A job with the schedule it runs on here: the feature's default unless configuration overrides it.</summary>
public sealed record JobSchedule(JobDefinition Job, string Cron, bool Enabled);

public static class JobSchedules
{
    public const string Section = "Jobs";
    public const string Group = "lab";

    /// <summary>Reads <c>Jobs:&lt;Name&gt;:Cron</c> and <c>Jobs:&lt;Name&gt;:Enabled</c>; a wrong value stops the start naming the key.</summary>
    public static IReadOnlyList<JobSchedule> Resolve(JobCatalog catalog, IConfiguration configuration)
    {
        var errors = new List<string>();
        var schedules = new List<JobSchedule>();
        foreach (var job in catalog.Jobs)
        {
            var section = configuration.GetSection($"{Section}:{job.Name}");
            var cron = section["Cron"] is { Length: > 0 } configured ? configured : job.DefaultCron;
            if (!CronExpression.TryParse(cron, out _))
                errors.Add($"{Section}:{job.Name}:Cron '{cron}' is not a Quartz cron expression: six fields, seconds minutes hours day-of-month month day-of-week, e.g. '0 0 7 ? * MON-FRI' (environment variable {Section}__{job.Name}__Cron).");
            var enabled = true;
            if (section["Enabled"] is { Length: > 0 } raw && !bool.TryParse(raw, out enabled))
                errors.Add($"{Section}:{job.Name}:Enabled '{raw}' must be true or false ({Section}__{job.Name}__Enabled).");
            schedules.Add(new JobSchedule(job, cron, enabled));
        }
        return errors.Count == 0 ? schedules : throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    public static IJobDetail BuildJob(JobDefinition job) => JobBuilder.Create<LabJobRunner>()
        .WithIdentity(job.Name, Group)
        .WithDescription(job.JobType.Name)
        .DisallowConcurrentExecution(true)
        // A node that dies mid-run leaves the run to another node; the period record makes that safe.
        .RequestRecovery(true)
        .Build();

    /// <summary>The trigger as it is stored; tests pass a fake clock so Quartz computes fire times from their "now".</summary>
    public static ITrigger BuildTrigger(JobSchedule schedule, TimeProvider? time = null)
    {
        var trigger = TriggerBuilder.Create(time ?? TimeProvider.System)
            .WithIdentity(schedule.Job.Name, Group)
            .ForJob(schedule.Job.Name, Group)
            .WithDescription($"{schedule.Cron} (Europe/Berlin)")
            // After downtime a missed run is made up once, not once per missed fire time.
            .WithSchedule(CronScheduleBuilder.Create(schedule.Cron)
                .InTimeZone(LabTime.Berlin)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
        if (schedule.Job.SkipHolidays) trigger = trigger.WithCalendarName(NrwHolidayCalendar.CalendarName);
        return trigger.Build();
    }

    /// <summary>Whether a stored trigger already says what the schedule says; such a trigger is kept, with its misfire state.</summary>
    public static bool Matches(ITrigger? stored, JobSchedule schedule) =>
        stored is ICronTrigger cron
        && cron.CronExpressionString == schedule.Cron
        && cron.TimeZone.Id == LabTime.Berlin.Id
        && cron.CalendarName == (schedule.Job.SkipHolidays ? NrwHolidayCalendar.CalendarName : null);
}
