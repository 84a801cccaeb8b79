using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace StadtLabor.Jobs;

/// <summary>Ready only while the scheduler runs: an instance in standby would take traffic but fire no reminders.</summary>
public sealed class SchedulerReadyCheck(ISchedulerFactory schedulers, JobsDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        var mode = database.Kind == JobsDatabaseKind.Postgres ? "clustered on PostgreSQL" : "single instance on SQLite";
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"running, {mode}")
            : HealthCheckResult.Unhealthy($"scheduler is {status}");
    }
}
