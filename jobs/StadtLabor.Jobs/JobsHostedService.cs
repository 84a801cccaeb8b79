using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace StadtLabor.Jobs;

/// <summary>
/// Registered before Quartz's hosted service: the host runs every StartingAsync before any StartAsync, so the
/// tables exist before Quartz validates them, and every StartAsync before any StartedAsync, so the schedules are
/// brought up to date once the scheduler is running.
/// </summary>
internal sealed class JobsHostedService(JobsDatabase database, ISchedulerFactory schedulers, ScheduleSync sync, ILogger<JobsHostedService> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private IScheduler? _scheduler;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await JobsSchema.EnsureAsync(database, cancellationToken);
        Log.SchemaReady(logger, database.Kind);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        _scheduler = await schedulers.GetScheduler(cancellationToken);
        await sync.ApplyAsync(_scheduler, cancellationToken);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A host disposed without being stopped (a crashed start, some test fixtures) would leave the scheduler
    /// polling a database that may be gone; it stops with the container instead.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_scheduler is { } scheduler && await scheduler.GetStatus() is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown))
            await scheduler.Shutdown(waitForJobsToComplete: false);
    }
}
