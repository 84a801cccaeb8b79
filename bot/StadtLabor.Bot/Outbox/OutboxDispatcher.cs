using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Sends what the outbox holds: claims due messages, works through each conversation in order (one worker per
/// conversation, many conversations at once), and keeps within Teams' limits. Safe to run on several instances.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly string _instance = options.Value.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
    private long _claims;
    private int _inHand;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var active = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            List<OutboxMessage> claimed;
            try
            {
                claimed = await ClaimAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            foreach (var conversation in claimed.GroupBy(m => m.ConversationKey))
            {
                var ids = conversation.Select(m => m.Id).ToList();
                Interlocked.Add(ref _inHand, ids.Count);
                active.Add(WorkConversationAsync(ids, conversation.First().ClaimedBy!, stoppingToken));
            }
            active.RemoveAll(t => t.IsCompleted);

            // Hold at most one batch of rows: what we claim beyond what we can send within the lease only expires.
            var full = Volatile.Read(ref _inHand) >= o.BatchSize;
            if (claimed.Count == 0 || full)
            {
                var poll = Task.Delay(TimeSpan.FromMilliseconds(o.PollMilliseconds), time, stoppingToken);
                // On stop, fall through to the WhenAll below: requests already sent get their rows marked Sent.
                await (full && active.Count > 0 ? Task.WhenAny(Task.WhenAny(active), poll) : poll).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await Task.WhenAll(active).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var token = $"{_instance}#{Interlocked.Increment(ref _claims)}";
        var room = Math.Max(0, options.Value.BatchSize - Volatile.Read(ref _inHand));
        if (room < Math.Max(1, options.Value.BatchSize / 10)) return []; // claim in chunks, not one row per finished send
        return await OutboxClaims.ClaimAsync(db, token, room, options.Value.PerConversationClaim,
            now, now.AddSeconds(options.Value.LeaseSeconds), ct);
    }

    /// <summary>One conversation's claimed messages, strictly in order; a postponed one holds back those behind it.</summary>
    private async Task WorkConversationAsync(List<long> ids, string claim, CancellationToken ct)
    {
        var left = ids.Count;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            var delivery = ActivatorUtilities.CreateInstance<OutboxDelivery>(scope.ServiceProvider);
            var messages = await db.OutboxMessages().Where(m => ids.Contains(m.Id) && m.ClaimedBy == claim && m.Status == OutboxStatus.Pending)
                .OrderBy(m => m.Id).ToListAsync(ct);
            if (messages.Count > 0) await LearnOtherInstancesSendsAsync(db, scope.ServiceProvider.GetRequiredService<SendRateLimiter>(), messages[0].ConversationKey, ct);
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var outcome = await delivery.DeliverAsync(message, messages.Count - i, ct);
                if (outcome == DeliveryOutcome.LeaseLost) return; // the new owner sends this one and the rest
                await db.SaveChangesAsync(CancellationToken.None);
                Interlocked.Decrement(ref _inHand);
                left--;

                if (outcome == DeliveryOutcome.Postponed)
                {
                    foreach (var later in messages.Skip(i + 1))
                    {
                        later.NextAttemptAtUtc = message.NextAttemptAtUtc;
                        later.LeaseUntilUtc = null;
                    }
                    await db.SaveChangesAsync(CancellationToken.None);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: leases run out and another instance (or our restart) takes over.
        }
        catch (Exception ex)
        {
            // A bug or an outage for this conversation must not stop the dispatcher; the lease expiry retries it.
            LogConversationFailed(log, ex);
        }
        finally
        {
            Interlocked.Add(ref _inHand, -left);
        }
    }

    /// <summary>
    /// Teams counts sends per conversation across all our instances: before taking over a conversation, learn what
    /// the others sent to it in the last hour, or this instance would see an empty window and burst.
    /// </summary>
    private async Task LearnOtherInstancesSendsAsync(LabDbContext db, SendRateLimiter limiter, string conversationKey, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddHours(-1.1);
        var mine = _instance + "#";
        var others = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.ConversationKey == conversationKey && m.Status == OutboxStatus.Sent && m.SentAtUtc > since && !m.ClaimedBy!.StartsWith(mine))
            .Select(m => m.SentAtUtc!.Value).ToListAsync(ct);
        if (others.Count > 0) limiter.Remember(conversationKey, others);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox claim failed; trying again shortly")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox worker for a conversation failed")]
    private static partial void LogConversationFailed(ILogger logger, Exception exception);
}
