using Microsoft.Extensions.Options;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// The daily retention job: every registered policy deletes what has been kept longer than its configured days.
/// The log gets kinds and counts only, never what was deleted.
/// </summary>
public sealed partial class PurgeExpiredData(
    IEnumerable<IRetentionPolicy> policies, IOptions<PrivacyOptions> options, ILogger<PurgeExpiredData> log) : ILabJob
{
    public const string Name = "RetentionPurge";

    // 03:30 lies outside the hour that is skipped or repeated when the clocks change, and after JobRunsPurge (03:15).
    public const string DefaultCron = "0 30 3 * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var failed = new List<Exception>();
        foreach (var policy in policies)
        {
            var days = options.Value.DaysFor(policy);
            // Counted from the day this run covers, so a late run deletes exactly what the planned one would have.
            var cutoffUtc = period.Start.UtcDateTime.AddDays(-days);
            try
            {
                var count = await policy.PurgeAsync(cutoffUtc, ct);
                LogPurged(log, policy.Kind, count, days, cutoffUtc);
            }
#pragma warning disable CA1031 // One kind failing must not keep the others past their retention; the run still fails below.
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogFailed(log, ex, policy.Kind);
                failed.Add(ex);
            }
        }
        // The wrapper then records the day as not done and logs the failure.
        if (failed.Count > 0) throw new AggregateException("Retention purge failed for some kinds of data", failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {Kind}: {Count} rows deleted, kept {Days} days (before {CutoffUtc:O})")]
    private static partial void LogPurged(ILogger logger, string kind, int count, int days, DateTime cutoffUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention {Kind}: purge failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string kind);
}
