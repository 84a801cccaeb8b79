using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Keeps this instance under Teams' limits (per conversation and per tenant) so we rarely see a 429, and honours a
/// tenant-wide pause after one. Sliding windows over the send times we remember. Requests do not arrive exactly as
/// spaced when they leave, so every window gets a margin and the tenant budget keeps 10 % headroom.
/// </summary>
public sealed class SendRateLimiter(IOptions<OutboxOptions> options, TimeProvider time)
{
    private const long MinMarginMs = 60;
    private const double TenantHeadroom = 0.9;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<long>> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<long>> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _tenantPausedUntil = new(StringComparer.Ordinal);
    private long _lastCleanup;

    public async Task WaitAsync(string conversationKey, string tenantId, CancellationToken ct)
    {
        while (true)
        {
            long waitMs;
            lock (_gate)
            {
                var now = Now();
                var conversation = Slot(_conversations, conversationKey);
                var tenant = Slot(_tenants, tenantId);
                var o = options.Value;
                waitMs = Math.Max(WaitFor(conversation, o.ConversationLimits.Select(w => w with { Milliseconds = Scaled(w.Milliseconds) }).ToList(), now),
                    WaitFor(tenant, [new RateWindow(Scaled(1000), Math.Max(1, (int)(o.TenantPerSecond * TenantHeadroom)))], now));
                if (_tenantPausedUntil.TryGetValue(tenantId, out var paused)) waitMs = Math.Max(waitMs, paused - now);
                if (waitMs <= 0)
                {
                    conversation.Enqueue(now);
                    tenant.Enqueue(now);
                    Cleanup(now);
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), time, ct);
        }
    }

    /// <summary>A 429 for one conversation usually means the whole app is over its tenant budget: everyone waits.</summary>
    public void PauseTenant(string tenantId, TimeSpan duration)
    {
        lock (_gate)
        {
            var until = Now() + (long)duration.TotalMilliseconds;
            if (!_tenantPausedUntil.TryGetValue(tenantId, out var current) || current < until) _tenantPausedUntil[tenantId] = until;
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private int Scaled(int milliseconds) => (int)Math.Round(milliseconds * options.Value.TimeScale);

    private static Queue<long> Slot(Dictionary<string, Queue<long>> map, string key)
    {
        if (!map.TryGetValue(key, out var queue)) map[key] = queue = new Queue<long>();
        return queue;
    }

    /// <summary>Milliseconds until one more send fits into every window (0 = now).</summary>
    private static long WaitFor(Queue<long> sent, IReadOnlyList<RateWindow> windows, long now)
    {
        var longest = windows.Max(w => w.Milliseconds + Margin(w));
        while (sent.Count > 0 && sent.Peek() <= now - longest) sent.Dequeue();
        long wait = 0;
        foreach (var window in windows)
        {
            var span = window.Milliseconds + Margin(window);
            var inWindow = sent.Where(t => t > now - span).ToList();
            if (inWindow.Count < window.Count) continue;
            // The oldest sends must leave the window before one more fits.
            var freeAt = inWindow[inWindow.Count - window.Count] + span;
            wait = Math.Max(wait, freeAt - now);
        }
        return wait;
    }

    private static long Margin(RateWindow window) => Math.Max(MinMarginMs, window.Milliseconds / 20);

    private void Cleanup(long now)
    {
        if (now - _lastCleanup < 60_000) return;
        _lastCleanup = now;
        var hour = 3_600_000 + 3_600_000 / 20;
        foreach (var map in new[] { _conversations, _tenants })
        {
            foreach (var idle in map.Where(p => p.Value.Count == 0 || p.Value.Last() <= now - hour).Select(p => p.Key).ToList()) map.Remove(idle);
        }
        foreach (var over in _tenantPausedUntil.Where(p => p.Value < now).Select(p => p.Key).ToList()) _tenantPausedUntil.Remove(over);
    }
}
