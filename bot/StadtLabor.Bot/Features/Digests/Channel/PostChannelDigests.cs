using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>
/// The weekly job: one card per configured channel (Digests:Channels), in the channel's language. Registered with
/// period Week on working days at 08:00 (<see cref="ChannelDigestWeek"/>), so the first working day of the week
/// posts and the job period table keeps the week from running again, across instances too. A run of a week that was
/// posted (a retry after one channel failed, a run by hand) replaces the card in place instead of posting again.
/// One channel that fails (an unknown conversation, a database hiccup) does not keep the others from their card; the
/// run still fails so the job is retried and the lab team sees it.
/// </summary>
public sealed partial class PostChannelDigests(
    ChannelEditions editions, LabDbContext db, IOptions<DigestsOptions> options, TimeProvider time, ILogger<PostChannelDigests> log) : ILabJob
{
    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var window = ChannelDigestWeek.Window(period, time.GetUtcNow().UtcDateTime);
        var failed = new List<Exception>();
        for (var i = 0; i < options.Value.Channels.Count; i++)
        {
            var channel = options.Value.Channels[i];
            try
            {
                var (outcome, _) = await editions.PublishAsync(channel, window, options.Value.PostWhenEmpty, ct);
                // The channel's position in the configuration, never its id or name (names may say who is in a team).
                LogPublished(log, window.PeriodKey, i, outcome);
            }
#pragma warning disable CA1031 // One channel must not keep the others from their card; the run still fails below.
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                db.ChangeTracker.Clear();
                LogFailed(log, ex, window.PeriodKey, i);
                failed.Add(ex);
            }
        }
        if (failed.Count > 0) throw new AggregateException("The channel digest failed for some channels", failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel digest {Period} for channel #{Channel}: {Outcome}")]
    private static partial void LogPublished(ILogger logger, string period, int channel, EditionOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel digest {Period} failed for channel #{Channel}")]
    private static partial void LogFailed(ILogger logger, Exception ex, string period, int channel);
}
