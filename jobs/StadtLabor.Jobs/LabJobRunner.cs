using System.Globalization;
using Microsoft.Extensions.Logging;
using Quartz;

namespace StadtLabor.Jobs;

/// <summary>
/// The one Quartz job type: every lab job is a job detail of this type named after the feature's job. Disallowing
/// concurrent execution is per job detail, so two different jobs still run side by side. A failed run is tried again
/// by a one-off trigger for the same job detail (see <see cref="JobRetry"/>), which carries the failed run's fire time
/// so the retry covers the same period.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class LabJobRunner(JobRun run, JobCatalog catalog, JobRetry retry, ILogger<LabJobRunner> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var data = context.Trigger.JobDataMap;
        var scheduled = data.TryGetString(JobRetry.ScheduledUtcData, out var s) && s is not null
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : context.ScheduledFireTimeUtc;
        var attempt = data.TryGetString(JobRetry.AttemptData, out var a) && a is not null ? int.Parse(a, CultureInfo.InvariantCulture) : 0;

        var outcome = await run.RunAsync(name, scheduled, cancellationToken);
        if (outcome != JobRunOutcome.Failed || catalog.Find(name) is not { } job) return;

        // Quartz's own clock (UseTimeProvider(TimeProvider.System)), not the container's: the trigger fires by it.
        var now = TimeProvider.System.GetUtcNow();
        var period = JobPeriod.Containing(scheduled ?? now, job.Period);
        if (retry.Next(now, period, attempt) is not { } at)
        {
            // Warning only when retries were made: a minute job, whose next firing comes sooner, is never retried.
            Log.RetriesOver(logger, attempt == 0 ? LogLevel.Information : LogLevel.Warning, name, period.Key, attempt,
                attempt >= retry.MaxAttempts ? "no retries left" : "its period ends first");
            return;
        }

        var trigger = TriggerBuilder.Create(TimeProvider.System)
            .WithIdentity($"{name}.retry", JobRetry.Group)
            .ForJob(context.JobDetail.Key)
            .WithDescription($"retry {attempt + 1} of {retry.MaxAttempts} for period {period.Key}")
            .UsingJobData(JobRetry.ScheduledUtcData, (scheduled ?? now).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))
            .UsingJobData(JobRetry.AttemptData, (attempt + 1).ToString(CultureInfo.InvariantCulture))
            .StartAt(at)
            // After downtime the retry still runs once; the period it carries decides whether there is work left.
            .WithSimpleSchedule(x => x.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // Replacing: this run may itself be the retry trigger of the same key.
        try
        {
            await context.Scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
        catch (SchedulerException ex)
        {
            // The store is often what failed the run; the period stays open for the next scheduled run either way.
            Log.RetryNotScheduled(logger, name, period.Key, ex.GetType().Name);
            return;
        }
        Log.RetryScheduled(logger, name, period.Key, attempt + 1, retry.MaxAttempts, at);
    }
}
