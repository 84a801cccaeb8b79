using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StadtLabor.Jobs;

public sealed class PurgeJobPeriodsOptions
{
    /// <summary>How long the record of a completed period is kept; longer than any period a job could re-run.</summary>
    public int KeepDays { get; set; } = 90;
}

/// <summary>
/// The job_periods table grows by one row per job and period (1,440 a day for a minute job); old rows protect
/// nothing, because no trigger fires for a period that long gone.
/// </summary>
public sealed class PurgeJobPeriods(JobPeriodStore periods, IOptions<PurgeJobPeriodsOptions> options, ILogger<PurgeJobPeriods> logger) : ILabJob
{
    public const string Name = "JobRunsPurge";

    // 03:15 lies outside the hour that is skipped (March) or repeated (October) when the clocks change.
    public const string DefaultCron = "0 15 3 * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        // Counted from the day this run covers, so a late or repeated run deletes exactly what the planned one would.
        var before = period.Start.AddDays(-options.Value.KeepDays);
        var count = await periods.PurgeAsync(before, ct);
        Log.Purged(logger, count, before);
    }
}
