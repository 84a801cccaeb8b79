using System.Threading.Channels;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Turns;

/// <summary>A turn's replies, waiting to go out in order to the conversation the activity came from.</summary>
public sealed record PendingReply(string ServiceUrl, string ConversationId, string? ReplyToId, IReadOnlyList<Activity> Activities);

/// <summary>
/// Sends turn replies after the HTTP 200, because Teams re-sends an activity it has not seen acknowledged within
/// 15 s, and a throttled connector can make us wait longer than that. Proactive messages use the outbox instead.
/// </summary>
public sealed partial class ReplySender(IServiceScopeFactory scopes, ILogger<ReplySender> log) : BackgroundService
{
    private readonly Channel<PendingReply> _queue = Channel.CreateUnbounded<PendingReply>();
    private int _inFlight;

    /// <summary>Replies queued or being sent; health and tests read it.</summary>
    public int Pending => _queue.Reader.Count + Volatile.Read(ref _inFlight);

    public void Enqueue(PendingReply reply) => _queue.Writer.TryWrite(reply);

    // A few workers, so one conversation waiting out a Retry-After does not hold up everybody else.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var reply in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await SendOneAsync(reply, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken reply must not stop the others.
                LogReplyCrashed(log, ex);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task SendOneAsync(PendingReply reply, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
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
                    LogGone(log, gone.Status, gone.Code);
                    foreach (var listener in scope.ServiceProvider.GetServices<IConversationGoneListener>())
                        await listener.ConversationGoneAsync(reply.ConversationId, ct);
                    return;
                default:
                    LogNotSent(log, result.ToString());
                    return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply not delivered: recipient gone ({Status} {Code})")]
    private static partial void LogGone(ILogger logger, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply not delivered: {Result}")]
    private static partial void LogNotSent(ILogger logger, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending a reply crashed")]
    private static partial void LogReplyCrashed(ILogger logger, Exception exception);
}
