using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Makes the queued Graph calls: one call of an order key at a time (oldest first), at most
/// <see cref="GraphCallOptions.ConcurrentPerMailbox"/> at once per mailbox, Retry-After honoured for the whole mailbox,
/// back-off with jitter on 412/5xx/timeouts, dead after <see cref="GraphCallOptions.MaxAttempts"/> (the lab team sees it).
/// </summary>
public sealed partial class GraphCallWorker(IServiceScopeFactory scopes, IOptions<GraphOptions> options, TimeProvider time,
    IEnumerable<IGraphCallHandler> handlers, ILogger<GraphCallWorker> log) : BackgroundService
{
    private readonly string _instance = Shorten($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 100);
    private readonly Dictionary<string, IGraphCallHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MailboxGate> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, Task> _running = new();

    private GraphCallOptions O => options.Value.Calls;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(log, e.GetType().Name);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(O.PollMilliseconds), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Claims the due calls and starts them (tests call this to run the queue now); returns how many started.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<GraphCall> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            claimed = await ClaimAsync(db, now, ct);
        }
        foreach (var call in claimed)
        {
            var task = Task.Run(() => RunOneAsync(call, ct), CancellationToken.None);
            _running[call.Id] = task;
            _ = task.ContinueWith(_ => _running.TryRemove(call.Id, out Task? _), TaskScheduler.Default);
        }
        return claimed.Count;
    }

    /// <summary>Waits until every started call has finished (tests).</summary>
    public Task IdleAsync() => Task.WhenAll(_running.Values);

    private async Task<List<GraphCall>> ClaimAsync(LabDbContext db, DateTime now, CancellationToken ct)
    {
        // The first pending call of each order key, if it is due and nobody holds it.
        var due = await db.GraphCalls().AsNoTracking()
            .Where(c => c.Status == GraphCallStatus.Pending && c.NextAttemptAtUtc <= now
                && (c.LeaseUntilUtc == null || c.LeaseUntilUtc <= now)
                && !db.GraphCalls().Any(o => o.OrderKey == c.OrderKey && o.Status == GraphCallStatus.Pending && o.Id < c.Id))
            .OrderBy(c => c.Id).Take(200).ToListAsync(ct);
        var leaseUntil = now.AddSeconds(O.LeaseSeconds);
        var claimed = new List<GraphCall>();
        foreach (var call in due)
        {
            if (_running.ContainsKey(call.Id) || !Gate(call.Mailbox).TryReserve(now, O)) continue;
            var got = await db.GraphCalls()
                .Where(c => c.Id == call.Id && c.Status == GraphCallStatus.Pending && (c.LeaseUntilUtc == null || c.LeaseUntilUtc <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntilUtc, leaseUntil).SetProperty(c => c.ClaimedBy, _instance), ct);
            if (got == 1) claimed.Add(call);
            else Gate(call.Mailbox).Release();
        }
        return claimed;
    }

    private MailboxGate Gate(string mailbox) => _mailboxes.GetOrAdd(mailbox, _ => new MailboxGate());

    private async Task RunOneAsync(GraphCall call, CancellationToken ct)
    {
        var gate = Gate(call.Mailbox);
        GraphCallResult result;
        int? status = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            if (!_handlers.TryGetValue(call.Kind, out var handler))
            {
                result = GraphCallResult.Dead($"no handler for '{call.Kind}'");
            }
            else
            {
                var graph = scope.ServiceProvider.GetRequiredService<GraphServiceClient>();
                result = await handler.RunAsync(new GraphCallContext(call, graph, db, scope.ServiceProvider), ct);
                if (result is GraphCallResult.DoneResult) await db.SaveChangesAsync(ct);
            }
        }
        catch (ApiException e)
        {
            status = e.ResponseStatusCode;
            result = Classify(e);
        }
        catch (HttpRequestException e)
        {
            result = GraphCallResult.Later($"network: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            result = GraphCallResult.Later("timeout");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            gate.Release();
            return; // shutting down: the lease runs out and the call is made after the restart
        }
        catch (Exception e)
        {
            LogHandlerFailed(log, call.Id, call.Kind, e.GetType().Name);
            result = GraphCallResult.Later($"error: {e.GetType().Name}");
        }

        // The mailbox slot is given back after a Retry-After has been noted for the whole mailbox.
        if (result is GraphCallResult.LaterResult { After: { } pause } && status is 429 or 503)
            gate.PauseUntil(time.GetUtcNow().UtcDateTime + pause);
        gate.Release();
        await RecordAsync(call, result, status);
    }

    private GraphCallResult Classify(ApiException e)
    {
        var retryAfter = RetryAfterOf(e);
        var code = (HttpStatusCode)e.ResponseStatusCode;
        var what = $"{e.ResponseStatusCode} {(e as Microsoft.Graph.Models.ODataErrors.ODataError)?.Error?.Code}".Trim();
        return code switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => GraphCallResult.Later(what, retryAfter ?? TimeSpan.FromSeconds(O.RetryBaseSeconds)),
            HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
                or HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => GraphCallResult.Later(what, retryAfter),
            _ => GraphCallResult.Dead(what),
        };
    }

    /// <summary>Retry-After in seconds (what Graph sends), capped by <see cref="GraphCallOptions.MaxRetryAfterSeconds"/>.</summary>
    private TimeSpan? RetryAfterOf(ApiException e)
    {
        if (e.ResponseHeaders is null) return null;
        foreach (var (name, values) in e.ResponseHeaders)
        {
            if (!string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase)) continue;
            var value = values.FirstOrDefault();
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(Math.Min(seconds, O.MaxRetryAfterSeconds));
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - time.GetUtcNow();
                return wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds, O.MaxRetryAfterSeconds));
            }
        }
        return null;
    }

    private async Task RecordAsync(GraphCall call, GraphCallResult result, int? status)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = call.Attempts + 1;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var row = db.GraphCalls().Where(c => c.Id == call.Id && c.ClaimedBy == _instance);
        // Not cancellable: the call was made, its outcome must be written even while the app stops.
        switch (result)
        {
            case GraphCallResult.DoneResult:
                await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, GraphCallStatus.Done).SetProperty(c => c.Attempts, attempts)
                    .SetProperty(c => c.DoneAtUtc, now).SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
                break;
            case GraphCallResult.DeadResult dead:
                LogDead(log, call.Id, call.Kind, dead.Why);
                await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, GraphCallStatus.Dead).SetProperty(c => c.Attempts, attempts)
                    .SetProperty(c => c.LastError, Trim(dead.Why)).SetProperty(c => c.LastStatusCode, status)
                    .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
                break;
            case GraphCallResult.LaterResult later when attempts >= O.MaxAttempts:
                LogDead(log, call.Id, call.Kind, later.Why);
                await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, GraphCallStatus.Dead).SetProperty(c => c.Attempts, attempts)
                    .SetProperty(c => c.LastError, Trim(later.Why)).SetProperty(c => c.LastStatusCode, status)
                    .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
                break;
            case GraphCallResult.LaterResult later:
                var next = now + (later.After ?? Backoff(attempts));
                await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, attempts).SetProperty(c => c.NextAttemptAtUtc, next)
                    .SetProperty(c => c.LastError, Trim(later.Why)).SetProperty(c => c.LastStatusCode, status)
                    .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
                break;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = O.RetryBaseSeconds * Math.Pow(2, Math.Min(attempts - 1, 8));
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private static string Trim(string s) => Shorten(s, 500);

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>Outlook's limits for one mailbox in this process: concurrent calls, requests per ten minutes, a Retry-After pause.</summary>
    private sealed class MailboxGate
    {
        private readonly Lock _lock = new();
        private readonly Queue<DateTime> _recent = new();
        private int _inFlight;
        private DateTime _pausedUntil;

        public bool TryReserve(DateTime now, GraphCallOptions o)
        {
            lock (_lock)
            {
                if (now < _pausedUntil || _inFlight >= o.ConcurrentPerMailbox) return false;
                while (_recent.Count > 0 && _recent.Peek() <= now.AddMinutes(-10)) _recent.Dequeue();
                if (_recent.Count >= o.RequestsPerTenMinutes) return false;
                _recent.Enqueue(now);
                _inFlight++;
                return true;
            }
        }

        public void Release()
        {
            lock (_lock) _inFlight = Math.Max(0, _inFlight - 1);
        }

        public void PauseUntil(DateTime until)
        {
            lock (_lock) if (until > _pausedUntil) _pausedUntil = until;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph call loop failed ({Error}); trying again")]
    private static partial void LogLoopFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph call {Id} ({Kind}): the handler threw {Error}; trying again later")]
    private static partial void LogHandlerFailed(ILogger logger, long id, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph call {Id} ({Kind}) is dead: {Why}")]
    private static partial void LogDead(ILogger logger, long id, string kind, string why);
}
