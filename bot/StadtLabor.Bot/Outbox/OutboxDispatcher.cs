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
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
                continue;
            }

            foreach (var conversation in claimed.GroupBy(m => m.ConversationKey))
                active.Add(WorkConversationAsync(conversation.Select(m => m.Id).ToList(), stoppingToken));
            active.RemoveAll(t => t.IsCompleted);

            if (claimed.Count == 0 || active.Count >= o.BatchSize)
            {
                var poll = Task.Delay(TimeSpan.FromMilliseconds(o.PollMilliseconds), time, stoppingToken);
                await (active.Count >= o.BatchSize ? Task.WhenAny(active) : poll);
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
        return await OutboxClaims.ClaimAsync(db, token, options.Value.BatchSize, options.Value.PerConversationClaim,
            now, now.AddSeconds(options.Value.LeaseSeconds), ct);
    }

    /// <summary>One conversation's claimed messages, strictly in order; a postponed one holds back those behind it.</summary>
    private async Task WorkConversationAsync(List<long> ids, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            var delivery = ActivatorUtilities.CreateInstance<OutboxDelivery>(scope.ServiceProvider);
            var messages = await db.OutboxMessages().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(ct);
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var outcome = await delivery.DeliverAsync(message, messages.Count - i, ct);
                await db.SaveChangesAsync(CancellationToken.None);

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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox claim failed; trying again shortly")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox worker for a conversation failed")]
    private static partial void LogConversationFailed(ILogger logger, Exception exception);
}
