using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Makes the queued Graph calls, safe on several instances: claims follow <see cref="GraphCallClaims"/> (one call per
/// order key, at most Graph:Calls:ConcurrentPerMailbox per mailbox across instances, a Retry-After pauses the mailbox
/// for everyone), this instance keeps within the per-mailbox request budget (<see cref="GraphRequestBudget"/>), and
/// each outcome is written fenced by the claim token, so a call whose lease ran out and was taken over is recorded
/// once. A crash or a stop mid-call writes nothing: the lease runs out and the call is made again.
/// </summary>
public sealed partial class GraphCallWorker(IServiceScopeFactory scopes, IOptions<GraphOptions> options, TimeProvider time,
    IEnumerable<IGraphCallHandler> handlers, GraphRequestBudget budget, ILogger<GraphCallWorker> log) : BackgroundService
{
    private const int Batch = 100;

    private readonly string _instance = GraphCallFailures.Shorten($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 80);
    private readonly Dictionary<string, IGraphCallHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _claims;

    private GraphCallOptions O => options.Value.Calls;

    /// <summary>This instance's name in claims ("{InstanceId}#{n}" in ClaimedBy).</summary>
    public string InstanceId => _instance;

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
        var token = $"{_instance}#{Interlocked.Increment(ref _claims)}";
        var started = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var claimed = await GraphCallClaims.ClaimAsync(db, token, Batch, O.ConcurrentPerMailbox, now, now.AddSeconds(O.LeaseSeconds), ct);
        foreach (var call in claimed)
        {
            // This instance's budget is used up, or a Retry-After arrived that the database does not show yet.
            if (budget.BusyUntil(call.Mailbox, now) is { } until)
            {
                await GraphCallClaims.ReleaseAsync(db, call.Id, token, until, ct);
                continue;
            }
            var task = Task.Run(() => RunOneAsync(call, token, ct), CancellationToken.None);
            _running[call.Id] = task;
            _ = task.ContinueWith(_ => _running.TryRemove(call.Id, out Task? _), TaskScheduler.Default);
            started++;
        }
        return started;
    }

    /// <summary>Waits until every started call has finished (tests).</summary>
    public Task IdleAsync() => Task.WhenAll(_running.Values);

    private async Task RunOneAsync(GraphCall call, string token, CancellationToken ct)
    {
        GraphCallResult result;
        var status = (int?)null;
        var countsAsAttempt = true;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            if (!_handlers.TryGetValue(call.Kind, out var handler))
            {
                result = GraphCallResult.Dead($"no handler for '{GraphCallFailures.Shorten(call.Kind, 64)}'");
            }
            else
            {
                var graph = scope.ServiceProvider.GetRequiredService<GraphServiceClient>();
                using (GraphRequestBudget.For(call.Mailbox))
                    result = await handler.RunAsync(new GraphCallContext(call, graph, db, scope.ServiceProvider), ct);
                if (result is GraphCallResult.DoneResult)
                {
                    await DoneAsync(db, call, token);
                    return;
                }
            }
        }
        catch (ApiException e) when (e is not { ResponseStatusCode: 0 })
        {
            var verdict = GraphCallFailures.Classify(e, call.Attempts + 1, O, time.GetUtcNow(), Random.Shared.NextDouble());
            (result, status, countsAsAttempt) = (verdict.Result, verdict.StatusCode, verdict.CountsAsAttempt);
            // Noted here at once: the row says it only when written below, and this instance must not claim meanwhile.
            if (verdict.PausesMailbox && result is GraphCallResult.LaterResult { After: { } pause })
                budget.PauseUntil(call.Mailbox, time.GetUtcNow().UtcDateTime + pause);
        }
        catch (HttpRequestException e)
        {
            result = GraphCallResult.Later($"network: {e.HttpRequestError}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // stopping: the lease runs out and the call is made after the restart (or by another instance)
        }
        catch (OperationCanceledException)
        {
            result = GraphCallResult.Later("timeout");
        }
        catch (Exception e)
        {
            // A handler's bug: tried again like an outage, then dead and visible, never a loop.
            LogHandlerFailed(log, call.Id, call.Kind, e.GetType().Name);
            result = GraphCallResult.Later($"error: {e.GetType().Name}");
        }
        await RecordAsync(call, token, result, status, countsAsAttempt);
    }

    /// <summary>The handler's changes and "done" in one transaction, only while the claim is still ours.</summary>
    private async Task DoneAsync(LabDbContext db, GraphCall call, string token)
    {
        // Not cancellable: the call was made, its outcome must be written even while the app stops.
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        var ours = await Mine(db, call, token).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, GraphCallStatus.Done)
            .SetProperty(c => c.Attempts, call.Attempts + 1).SetProperty(c => c.DoneAtUtc, now)
            .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
        if (ours == 1) await tx.CommitAsync(CancellationToken.None);
        else LogLeaseLost(log, call.Id); // taken over after our lease ran out: the new owner writes the outcome
    }

    private async Task RecordAsync(GraphCall call, string token, GraphCallResult result, int? status, bool countsAsAttempt)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = countsAsAttempt ? call.Attempts + 1 : call.Attempts;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var (dead, why, after) = result switch
        {
            GraphCallResult.DeadResult d => (true, d.Why, TimeSpan.Zero),
            GraphCallResult.LaterResult l => (attempts >= O.MaxAttempts, l.Why,
                l.After ?? GraphCallFailures.Backoff(attempts, O.RetryBaseSeconds, Random.Shared.NextDouble())),
            _ => (true, "unknown result", TimeSpan.Zero),
        };
        why = GraphCallFailures.Shorten(why, 500);
        if (dead) LogDead(log, call.Id, call.Kind, why);
        await Mine(db, call, token).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, dead ? GraphCallStatus.Dead : GraphCallStatus.Pending)
            .SetProperty(c => c.Attempts, attempts)
            .SetProperty(c => c.NextAttemptAtUtc, dead ? call.NextAttemptAtUtc : now + after)
            .SetProperty(c => c.DoneAtUtc, dead ? now : (DateTime?)null)
            .SetProperty(c => c.LastError, why)
            .SetProperty(c => c.LastStatusCode, status)
            .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    private static IQueryable<GraphCall> Mine(LabDbContext db, GraphCall call, string token) =>
        db.GraphCalls().Where(c => c.Id == call.Id && c.ClaimedBy == token && c.Status == GraphCallStatus.Pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph call loop failed ({Error}); trying again")]
    private static partial void LogLoopFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph call {Id} ({Kind}): the handler threw {Error}; trying again later")]
    private static partial void LogHandlerFailed(ILogger logger, long id, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph call {Id} ({Kind}) is dead: {Why}")]
    private static partial void LogDead(ILogger logger, long id, string kind, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph call {Id}: its lease ran out before it finished; the instance that took it over records it")]
    private static partial void LogLeaseLost(ILogger logger, long id);
}
