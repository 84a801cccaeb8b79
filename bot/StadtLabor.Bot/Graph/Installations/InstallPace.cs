using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Graph.Installations;

/// <summary>
/// Teams allows 30 app installations a second per tenant (Graph:Calls:InstallationsPerSecond). The queue's gate for the
/// "tenant:installations" mailbox keeps 4 in flight; this keeps their starts within the second's budget, per tenant,
/// in this process (a second instance has its own budget: with two, configure half).
/// </summary>
public sealed class InstallPace(IOptions<GraphOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTime>> _starts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Zero: the installation may start now and is counted; otherwise how long to wait before asking again.</summary>
    public TimeSpan Reserve(string tenantId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            if (!_starts.TryGetValue(tenantId, out var starts)) _starts[tenantId] = starts = new Queue<DateTime>();
            while (starts.Count > 0 && starts.Peek() <= now - Window) starts.Dequeue();
            if (starts.Count < Math.Max(1, options.Value.Calls.InstallationsPerSecond))
            {
                starts.Enqueue(now);
                return TimeSpan.Zero;
            }
            return starts.Peek() + Window - now;
        }
    }

    public async Task WaitAsync(string tenantId, CancellationToken ct)
    {
        for (var wait = Reserve(tenantId); wait > TimeSpan.Zero; wait = Reserve(tenantId))
            await Task.Delay(wait, time, ct);
    }
}
