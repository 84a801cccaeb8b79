using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StadtLabor.Jobs;

public enum JobRunOutcome
{
    Completed,
    AlreadyDone,
    Failed,
    Cancelled,
    NotRegistered,
}

/// <summary>
/// The job wrapper: works out the period a run covers, skips it when already completed, runs the feature's body in
/// its own scope and records the period. This is the boundary where job failures are caught and logged.
/// Quartz keeps two runs of one job apart ([DisallowConcurrentExecution], across instances when clustered), so
/// between the check and the record no second run of the same job can slip in.
/// </summary>
public sealed class JobRun(JobCatalog catalog, JobPeriodStore periods, IServiceScopeFactory scopes, TimeProvider time, ILogger<JobRun> logger)
{
    /// <param name="scheduledUtc">The fire time the trigger meant, so a late run still covers its own period.</param>
    public async Task<JobRunOutcome> RunAsync(string jobName, DateTimeOffset? scheduledUtc, CancellationToken ct)
    {
        if (catalog.Find(jobName) is not { } job)
        {
            Log.NotRegistered(logger, jobName);
            return JobRunOutcome.NotRegistered;
        }

        var period = JobPeriod.Containing(scheduledUtc ?? time.GetUtcNow(), job.Period);
        try
        {
            if (await periods.IsCompletedAsync(job.Name, period.Key, ct))
            {
                Log.AlreadyDone(logger, job.Name, period.Key);
                return JobRunOutcome.AlreadyDone;
            }

            var routine = period.Kind is JobPeriodKind.Second or JobPeriodKind.Minute ? LogLevel.Debug : LogLevel.Information;
            Log.Starting(logger, routine, job.Name, period.Key);
            var started = time.GetTimestamp();
            await using (var scope = scopes.CreateAsyncScope())
            {
                var body = (ILabJob)scope.ServiceProvider.GetRequiredService(job.JobType);
                await body.RunAsync(period, ct);
            }
            await periods.MarkCompletedAsync(job.Name, period.Key, time.GetUtcNow(), ct);
            await periods.RecordSuccessAsync(job.Name, period.Key, time.GetUtcNow(), ct);
            var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
            Log.Completed(logger, routine, job.Name, period.Key, elapsed);
            return JobRunOutcome.Completed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Log.Cancelled(logger, job.Name, period.Key);
            return JobRunOutcome.Cancelled;
        }
#pragma warning disable CA1031 // The job boundary: a failing job must not take the scheduler thread down; the period stays open.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Same shape as a failed turn: an incident id the lab team sees on its status card, type and stack in the
            // log, never the message (a job's exception may quote the people it was working on).
            var incident = Incident.NewId();
            Log.Failed(logger, job.Name, period.Key, incident, Incident.Describe(ex));
            try
            {
                await periods.RecordFailureAsync(job.Name, period.Key, time.GetUtcNow(), incident, ex.GetType().Name, ct);
            }
            catch (Exception recordEx) when (recordEx is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
            {
                // The database itself may be what failed; the log line above still tells the story.
                Log.FailureNotRecorded(logger, job.Name, recordEx.GetType().Name);
            }
            return JobRunOutcome.Failed;
        }
    }
}
