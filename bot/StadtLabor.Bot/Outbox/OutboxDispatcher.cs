using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Sends what the outbox holds: claims due messages, works through each conversation in order (one worker per
/// conversation, many conversations at once), and keeps within Teams' limits. Safe to run on several instances.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, SendRateLimiter limiter, IOptions<OutboxOptions> options,
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
            List<ClaimedConversation> claimed;
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

            foreach (var conversation in claimed)
            {
                Interlocked.Add(ref _inHand, conversation.Messages.Count);
                active.Add(WorkConversationAsync(conversation, stoppingToken));
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

    /// <summary>A conversation's claimed messages (untracked, oldest first) and, for a person, their 1:1 chat if known.</summary>
    private sealed record ClaimedConversation(List<OutboxMessage> Messages, PersonalConversation? PersonalChat);

    private async Task<List<ClaimedConversation>> ClaimAsync(CancellationToken ct)
    {
        var room = Math.Max(0, options.Value.BatchSize - Volatile.Read(ref _inHand));
        if (room < Math.Max(1, options.Value.BatchSize / 10)) return []; // claim in chunks, not one row per finished send
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await OutboxClaims.ClaimAsync(db, NextClaimToken(), room, options.Value.PerConversationClaim,
            now, now.AddSeconds(options.Value.LeaseSeconds), ct);
        if (claimed.Count == 0) return [];
        var conversations = claimed.GroupBy(m => m.ConversationKey).Select(c => c.ToList()).ToList();
        await LearnOtherInstancesSendsAsync(db, conversations.Select(c => c[0].ConversationKey).ToList(), ct);

        // One query for the 1:1 chats of everyone in this claim, instead of one per message right before its send.
        var chats = new Dictionary<(string Tenant, string User), PersonalConversation>();
        var directory = scope.ServiceProvider.GetRequiredService<IConversationDirectory>();
        foreach (var tenant in claimed.Where(m => m.ConversationId is null && m.UserAadObjectId is not null).GroupBy(m => m.TenantId))
        {
            var found = await directory.FindPersonalAsync(tenant.Key, tenant.Select(m => m.UserAadObjectId!).Distinct().ToList(), ct);
            foreach (var (user, chat) in found) chats[(tenant.Key, user)] = chat;
        }
        return conversations.Select(c => new ClaimedConversation(c,
            c[0].UserAadObjectId is { } user ? chats.GetValueOrDefault((c[0].TenantId, user)) : null)).ToList();
    }

    private string NextClaimToken() => $"{_instance}#{Interlocked.Increment(ref _claims)}";

    /// <summary>
    /// One conversation's claimed messages (untracked, oldest first), strictly in order; a postponed one holds back
    /// those behind it. A busy conversation (a full claim) claims its next messages itself as soon as these are done:
    /// waiting for the next round of claims left gaps of seconds in a channel whose budget (60 in 30 s) is the bottleneck.
    /// </summary>
    private async Task WorkConversationAsync(ClaimedConversation claimed, CancellationToken ct)
    {
        var o = options.Value;
        var messages = claimed.Messages;
        var conversationKey = messages[0].ConversationKey;
        var left = messages.Count;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            var delivery = ActivatorUtilities.CreateInstance<OutboxDelivery>(scope.ServiceProvider);
            while (messages.Count > 0)
            {
                db.ChangeTracker.Clear();
                db.AttachRange(messages);
                if (claimed.PersonalChat is { } chat)
                {
                    foreach (var message in messages.Where(m => m.ConversationId is null))
                    {
                        // Tracked changes: saved with the message's status, so an update of it later finds the chat.
                        message.ConversationId = chat.ConversationId;
                        message.ServiceUrl = chat.ServiceUrl;
                    }
                }
                // The limiter serves the conversation with the most waiting first, so count beyond what this claim holds.
                var backlog = messages.Count < o.PerConversationClaim ? messages.Count
                    : await db.OutboxMessages().CountAsync(m => m.ConversationKey == conversationKey && m.Status == OutboxStatus.Pending, ct);
                for (var i = 0; i < messages.Count; i++)
                {
                    var message = messages[i];
                    var outcome = await delivery.DeliverAsync(message, messages[i..], Math.Max(1, backlog - i), ct);
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
                if (messages.Count < o.PerConversationClaim || ct.IsCancellationRequested) return;

                // The conversation is free now (nothing of it leased): claim its next messages like any instance could,
                // so "one instance per conversation" and the order rules hold as for every claim.
                var now = time.GetUtcNow().UtcDateTime;
                messages = await OutboxClaims.ClaimAsync(db, NextClaimToken(), o.PerConversationClaim, o.PerConversationClaim,
                    now, now.AddSeconds(o.LeaseSeconds), ct, conversationKey);
                Interlocked.Add(ref _inHand, messages.Count);
                left += messages.Count;
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
    /// Teams counts sends per conversation across all our instances: before taking over conversations, learn what
    /// the others sent to them in the last hour, or this instance would see an empty window and burst.
    /// </summary>
    private async Task LearnOtherInstancesSendsAsync(LabDbContext db, List<string> conversationKeys, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddHours(-1.1);
        var mine = _instance + "#";
        var others = await db.OutboxMessages().AsNoTracking()
            .Where(m => conversationKeys.Contains(m.ConversationKey) && m.Status == OutboxStatus.Sent && m.SentAtUtc > since && !m.ClaimedBy!.StartsWith(mine))
            .Select(m => new { m.ConversationKey, SentAtUtc = m.SentAtUtc!.Value }).ToListAsync(ct);
        foreach (var conversation in others.GroupBy(m => m.ConversationKey))
            limiter.Remember(conversation.Key, conversation.Select(m => m.SentAtUtc));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox claim failed; trying again shortly")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox worker for a conversation failed")]
    private static partial void LogConversationFailed(ILogger logger, Exception exception);
}
