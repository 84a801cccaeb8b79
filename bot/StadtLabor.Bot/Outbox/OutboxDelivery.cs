using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>What happened to one claimed message; Postponed means "later, and the rest of its conversation waits too".</summary>
internal enum DeliveryOutcome { Done, Postponed, LeaseLost }

/// <summary>Sends one outbox message and records the result on its row (the caller saves).</summary>
internal sealed partial class OutboxDelivery(
    LabDbContext db, ConnectorClient connector, IConversationDirectory directory, IAppInstaller installer, IEnumerable<IConversationGoneListener> goneListeners,
    SendRateLimiter limiter, IOptions<OutboxOptions> options, IOptions<BotOptions> bot, TimeProvider time, ILogger<OutboxDelivery> log)
{
    /// <summary>
    /// Sends one message. held: this message and the ones behind it that the caller holds under the same claim
    /// (tracked); backlog: how many of its conversation's messages wait, this one included.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync(OutboxMessage message, IReadOnlyList<OutboxMessage> held, int backlog, CancellationToken ct)
    {
        _held = held;
        _backlog = backlog;
        _reach = null;
        connector.WaitOutThrottling = false;
        message.Attempts++;
        SendResult result;
        try
        {
            result = await SendAsync(message, ct);
        }
        catch (LeaseLostException)
        {
            // Another claim owns the row now (our lease ran out while we waited): it sends, we must not.
            return DeliveryOutcome.LeaseLost;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Counted as a failed attempt, so a message that trips a bug ends as a dead letter instead of looping.
            LogSendCrashed(log, message.Id, ex);
            result = new SendResult.Failed(null, ex.GetType().Name);
        }
        var now = time.GetUtcNow().UtcDateTime;
        switch (result)
        {
            case SendResult.Sent sent:
                message.Status = OutboxStatus.Sent;
                message.SentAtUtc = now;
                message.SentActivityId ??= sent.Id;
                message.LastError = null;
                break;
            case SendResult.Throttled throttled:
                var wait = throttled.RetryAfter ?? Backoff(message.Attempts);
                limiter.PauseTenant(message.TenantId, wait);
                message.Attempts--; // being throttled is Teams pacing us, not the message failing
                return Postpone(message, now + wait, "throttled");
            case SendResult.RecipientGone gone:
                message.Status = OutboxStatus.Failed;
                message.LastError = $"recipient gone ({gone.Status} {gone.Code})";
                if (message.ConversationId is { } conversation)
                    foreach (var listener in goneListeners) await listener.ConversationGoneAsync(conversation, ct);
                break;
            case SendResult.Failed { Status: 400 or 413 } refused:
                message.Status = OutboxStatus.Dead; // Teams will refuse this content every time
                message.LastError = $"refused ({refused.Status} {refused.Reason})";
                break;
            case SendResult.Failed failed when failed.Reason == AwaitingApp && _reach is ReachStep.WaitStep waiting:
                // The app is being installed for the person: holding is not failing, so no attempt is used up.
                message.Attempts--;
                return Postpone(message, waiting.UntilUtc, waiting.Why);
            case SendResult.Failed failed when failed.Reason == AwaitingApp && _reach is ReachStep.GiveUpStep gaveUp:
                message.Status = OutboxStatus.Dead; // visible to the lab team with the reason, retryable by hand
                message.LastError = gaveUp.Why;
                break;
            case SendResult.Failed failed when failed.Reason == Postponement:
                message.Attempts--;
                return Postpone(message, now + TimeSpan.FromSeconds(2), "waiting for the message it updates");
            case SendResult.Failed failed:
                message.LastError = $"{failed.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "network"} {failed.Reason}";
                if (message.Attempts >= options.Value.MaxAttempts) message.Status = OutboxStatus.Dead;
                else return Postpone(message, now + Backoff(message.Attempts), message.LastError);
                break;
        }
        message.LeaseUntilUtc = null;
        LogDelivered(log, message.Id, message.Status, message.Attempts);
        return DeliveryOutcome.Done;
    }

    private const string Postponement = "postpone";

    /// <summary>The person has no chat with us yet and <see cref="IAppInstaller"/> decided what happens (<see cref="_reach"/>).</summary>
    private const string AwaitingApp = "awaiting app";

    private ReachStep? _reach;

    /// <summary>
    /// A request that has left is finished even when the app is stopping (bounded by the connector's timeouts and the
    /// host's shutdown timeout): cancelling it would leave Teams with the message and us with a Pending row.
    /// </summary>
    private static CancellationToken Unstoppable => CancellationToken.None;

    private async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.ConversationId is null && await OpenPersonalChatAsync(message, ct) is { } notOpened) return notOpened;
        var activity = JsonSerializer.Deserialize<Activity>(message.ActivityJson, ConnectorJson.Options)!;
        if (message.UpdatesDedupeKey is null)
            return await PacedAsync(message, () => connector.SendAsync(message.ServiceUrl, message.ConversationId!, activity, Unstoppable), ct);

        var original = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.DedupeKey == message.UpdatesDedupeKey).Select(m => new { m.Status, m.SentActivityId }).SingleOrDefaultAsync(ct);
        if (original is { Status: OutboxStatus.Pending }) return new SendResult.Failed(null, Postponement);
        if (original?.SentActivityId is not { } activityId) return new SendResult.Failed(400, "the message to update was never sent");
        var updated = await PacedAsync(message, () => connector.UpdateAsync(message.ServiceUrl, message.ConversationId!, activityId, activity, Unstoppable), ct);
        return updated is SendResult.Sent ? new SendResult.Sent(activityId) : updated;
    }

    /// <summary>Finds the user's 1:1 chat or creates it; null when the message can go on, else why not.</summary>
    private async Task<SendResult?> OpenPersonalChatAsync(OutboxMessage message, CancellationToken ct)
    {
        var user = message.UserAadObjectId!;
        if ((await directory.FindPersonalAsync(message.TenantId, [user], ct)).GetValueOrDefault(user) is { } known)
        {
            message.ConversationId = known.ConversationId;
            message.ServiceUrl = known.ServiceUrl;
            return null;
        }
        // Graph:InstallForUsers: a person without the app gets it installed first and the message waits for the chat.
        _reach = await installer.ReachAsync(message.TenantId, user, ct);
        if (_reach is not ReachStep.OpenChatStep) return new SendResult.Failed(null, AwaitingApp);
        var serviceUrl = await directory.ServiceUrlForTenantAsync(message.TenantId, ct);
        if (serviceUrl is null) return new SendResult.Failed(null, "no conversation reference for this tenant yet");
        var created = await PacedAsync(message, () => connector.CreatePersonalConversationAsync(serviceUrl, message.TenantId, "28:" + bot.Value.AppId, user, Unstoppable), ct);
        if (created is not SendResult.Sent { Id: { } conversationId }) return created;
        message.ConversationId = conversationId;
        message.ServiceUrl = serviceUrl;
        await directory.RememberPersonalAsync(message.TenantId, user, new PersonalConversation(conversationId, serviceUrl, null, null), ct);
        return null;
    }

    /// <summary>One request to Teams, paced (see PaceAsync); the limiter learns when its answer is here.</summary>
    private async Task<SendResult> PacedAsync(OutboxMessage message, Func<Task<SendResult>> request, CancellationToken ct)
    {
        var ticket = await PaceAsync(message, ct);
        try
        {
            return await request();
        }
        finally
        {
            limiter.Answered(ticket);
        }
    }

    /// <summary>
    /// Right before each request leaves: the limiter's clock must match what Teams counts, and the row must stay ours
    /// until the request has finished (with the connector's in-line retries it may take up to LongestRequest), or a
    /// claim by another instance could send it a second time. Rows are leased only by claims, and a claim takes only
    /// rows whose lease has run out; so while our lease has that long left, the row is ours without asking the
    /// database. Otherwise (a long wait in the limiter, a busy conversation's later messages, a short configured
    /// lease) the lease of every row still held is renewed in one statement, fenced by our claim token: a row
    /// another claim took over in the meantime is never sent twice.
    /// </summary>
    private async Task<SendRateLimiter.Ticket> PaceAsync(OutboxMessage message, CancellationToken ct)
    {
        var ticket = await limiter.WaitAsync(message.ConversationKey, message.TenantId, _backlog, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (message.LeaseUntilUtc - now - ClockSlack >= connector.LongestRequest) return ticket;

        var renewed = now + TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var claim = message.ClaimedBy;
        var ids = _held.Select(m => m.Id).ToList();
        var renewedRows = await db.OutboxMessages()
            .Where(m => ids.Contains(m.Id) && m.ClaimedBy == claim && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntilUtc, renewed), ct);
        // Any row lost means ours may be among them; the rows still ours come free when their lease runs out.
        if (renewedRows != ids.Count) throw new LeaseLostException();
        foreach (var row in _held)
        {
            // Already written: keep the next SaveChanges from writing it again for every held row.
            var lease = db.Entry(row).Property(m => m.LeaseUntilUtc);
            lease.CurrentValue = lease.OriginalValue = renewed;
            lease.IsModified = false;
        }
        return ticket;
    }

    /// <summary>How far the clocks of two instances may disagree before a claim could take a row we still think is ours.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(5);

    private IReadOnlyList<OutboxMessage> _held = [];

    private sealed class LeaseLostException : Exception;

    private int _backlog = 1;

    private static DeliveryOutcome Postpone(OutboxMessage message, DateTime until, string reason)
    {
        message.NextAttemptAtUtc = until;
        message.LeaseUntilUtc = null;
        message.LastError = reason;
        return DeliveryOutcome.Postponed;
    }

    /// <summary>Exponential with jitter (so many failed messages do not come back in one burst), capped at an hour.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var seconds = options.Value.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempt - 1));
        return TimeSpan.FromSeconds(Math.Min(3600, seconds * (0.8 + Random.Shared.NextDouble() * 0.4)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending outbox message {Id} crashed")]
    private static partial void LogSendCrashed(ILogger logger, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {Id}: {Status} after {Attempts} attempts")]
    private static partial void LogDelivered(ILogger logger, long id, OutboxStatus status, int attempts);
}
