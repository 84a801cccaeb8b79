using System.Threading.Channels;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Turns;

/// <summary>A turn's replies, waiting to go out in order to the conversation the activity came from.</summary>
public sealed record PendingReply(string ServiceUrl, string ConversationId, string? ReplyToId, IReadOnlyList<Activity> Activities,
    string? TenantId = null, string? UserAadObjectId = null);

/// <summary>How many turn replies may wait, and how many are sent at once (section Replies).</summary>
public sealed class ReplyOptions
{
    public const string Section = "Replies";

    /// <summary>
    /// Replies waiting to be sent before a new turn's acknowledgement waits for room. 512 is half a second of the
    /// bot's peak rate on the reference machine: a person waits at most that long for an answer behind others,
    /// and memory stays bounded when Teams answers slowly.
    /// </summary>
    public int Capacity { get; set; } = 512;

    /// <summary>Replies sent at the same time. Each waits for Teams (~0.1 s on the internet), so more than the cores.</summary>
    public int Senders { get; set; } = 16;
}

/// <summary>
/// Sends turn replies after the HTTP 200, because Teams re-sends an activity it has not seen acknowledged within
/// 15 s, and a throttled connector can make us wait longer than that. Proactive messages use the outbox instead.
/// The queue is bounded: when it is full, the next turn's acknowledgement waits for room (back-pressure), so the bot
/// never takes on more than it can answer. On shutdown the queue is sent out; what is still waiting when the host's
/// shutdown time runs out goes into the outbox, which sends it after the restart: a reply is never lost.
/// </summary>
public sealed partial class ReplySender : IHostedService, IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<ReplySender> _log;
    private readonly ReplyOptions _options;
    private readonly Channel<PendingReply> _queue;
    private readonly CancellationTokenSource _abort = new();
    private Task _senders = Task.CompletedTask;
    private int _inFlight;

    public ReplySender(IServiceScopeFactory scopes, ILogger<ReplySender> log, Microsoft.Extensions.Options.IOptions<ReplyOptions>? options = null)
    {
        _scopes = scopes;
        _log = log;
        _options = options?.Value ?? new ReplyOptions();
        _queue = Channel.CreateBounded<PendingReply>(new BoundedChannelOptions(Math.Max(1, _options.Capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    /// <summary>Replies queued or being sent; health and tests read it.</summary>
    public int Pending => _queue.Reader.Count + Volatile.Read(ref _inFlight);

    /// <summary>Queues a turn's replies; waits while the queue is full (the caller's acknowledgement waits with it).</summary>
    public ValueTask EnqueueAsync(PendingReply reply, CancellationToken ct) => _queue.Writer.WriteAsync(reply, ct);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Several senders, so one conversation waiting out a Retry-After does not hold up everybody else.
        _senders = Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Senders)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs after Kestrel stopped taking requests (the host stops services in reverse order): no new replies come.
    /// Sends what waits until <paramref name="cancellationToken"/> (the host's shutdown time) runs out, then keeps the
    /// rest in the outbox.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _senders.WaitAsync(cancellationToken);
            return;
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync();
        }
        var left = new List<PendingReply>();
        while (_queue.Reader.TryRead(out var reply)) left.Add(reply);
        try
        {
            await _senders.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A sender stuck in a call that ignores cancellation: its one reply may be sent twice at worst, never lost.
        }
        await KeepForLaterAsync(left);
    }

    private async Task WorkAsync()
    {
        await foreach (var reply in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await SendOneAsync(reply, _abort.Token);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                await KeepForLaterAsync([reply]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken reply must not stop the others.
                LogReplyCrashed(_log, ex);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            if (_abort.IsCancellationRequested) return;
        }
    }

    private async Task SendOneAsync(PendingReply reply, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();
        foreach (var activity in reply.Activities)
        {
            var result = reply.ReplyToId is { Length: > 0 } replyTo
                ? await connector.ReplyAsync(reply.ServiceUrl, reply.ConversationId, replyTo, activity, ct)
                : await connector.SendAsync(reply.ServiceUrl, reply.ConversationId, activity, ct);

            switch (result)
            {
                case SendResult.Sent:
                    continue;
                case SendResult.RecipientGone gone:
                    LogGone(_log, gone.Status, gone.Code);
                    foreach (var listener in scope.ServiceProvider.GetServices<IConversationGoneListener>())
                        await listener.ConversationGoneAsync(reply.ConversationId, ct);
                    return;
                default:
                    LogNotSent(_log, result.ToString());
                    return;
            }
        }
    }

    /// <summary>
    /// Replies the shutdown left unsent go into the outbox, one row per activity, keyed by the activity they answer
    /// (a reply that was half sent is sent whole again: a duplicate is better than a gap). Without a database (the
    /// router's unit tests) or a tenant there is nowhere to keep them: logged as lost. Each row names the person it
    /// answers, so "meine daten" shows and erases it like the other messages waiting for them.
    /// </summary>
    private async Task KeepForLaterAsync(List<PendingReply> replies)
    {
        if (replies.Count == 0) return;
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<LabDbContext>() is not { } db)
            {
                LogLost(_log, replies.Count);
                return;
            }
            var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
            var kept = 0;
            foreach (var reply in replies)
            {
                if (reply.TenantId is not { Length: > 0 } tenant) continue;
                var key = reply.ReplyToId is { Length: > 0 and <= 100 } id ? id : Guid.NewGuid().ToString("N");
                for (var i = 0; i < reply.Activities.Count; i++)
                {
                    await outbox.ToConversationAsync($"turns.reply:{key}:{i}", tenant, reply.ServiceUrl, reply.ConversationId, reply.Activities[i],
                        CancellationToken.None, aboutUser: reply.UserAadObjectId);
                    kept++;
                }
            }
            await db.SaveChangesAsync(CancellationToken.None);
            LogKept(_log, kept);
        }
        catch (Exception ex)
        {
            LogKeepFailed(_log, replies.Count, ex);
        }
    }

    public void Dispose() => _abort.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply not delivered: recipient gone ({Status} {Code})")]
    private static partial void LogGone(ILogger logger, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply not delivered: {Result}")]
    private static partial void LogNotSent(ILogger logger, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending a reply crashed")]
    private static partial void LogReplyCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown: {Count} unsent replies kept in the outbox")]
    private static partial void LogKept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown: {Count} unsent replies could not be kept")]
    private static partial void LogKeepFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown: {Count} unsent replies lost (no database to keep them)")]
    private static partial void LogLost(ILogger logger, int count);
}
