namespace StadtLabor.Jobs;

/// <summary>
/// What a feature writes to be run on a schedule. The wrapper around it logs, keeps two runs of the same job apart
/// (also across app instances) and skips a period that was already completed, so the body only does the work.
/// Resolved from a fresh DI scope per run: inject the DbContext and whatever else the feature needs.
/// </summary>
public interface ILabJob
{
    /// <param name="period">The minute, hour, day or ISO week (Europe/Berlin) this run covers.</param>
    Task RunAsync(JobPeriod period, CancellationToken ct);
}
