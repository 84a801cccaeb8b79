using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Keeps this instance under Teams' limits (per conversation and per tenant) so we rarely see a 429, and honours a
/// tenant-wide pause after one. Sliding windows over the send times we remember. Requests do not arrive exactly as
/// spaced when they leave, so every window gets a margin and the tenant budget keeps 20 % headroom.
///
/// When several sends compete for the tenant's budget, the one with the most messages still queued behind it goes
/// first: a busy channel can only send 60 messages in 30 s, so it must never wait behind one-off messages to people,
/// who can be served in its gaps. That keeps a mixed fan-out close to the time the limits allow.
/// </summary>
public sealed class SendRateLimiter(IOptions<OutboxOptions> options, TimeProvider time)
{
    private const long MinMarginMs = 60;
    private const double TenantHeadroom = 0.8;
    private const long YieldMs = 2;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<long>> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _tenantPausedUntil = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];
    private long _sequence;
    private long _lastCleanup;

    private sealed class Waiter(string tenant, int backlog, long sequence)
    {
        public string Tenant { get; } = tenant;
        public int Backlog { get; } = backlog;
        public long Sequence { get; } = sequence;
        public long ReadyAt { get; set; } = long.MaxValue;

        /// <summary>When this waiter looks again; others yield to it until then instead of spinning.</summary>
        public long WakeAt { get; set; }

        public bool GoesBefore(Waiter other) => Backlog > other.Backlog || Backlog == other.Backlog && Sequence < other.Sequence;
    }

    /// <summary>Waits until one more request to this conversation fits; backlog = messages queued for it, this one included.</summary>
    public async Task WaitAsync(string conversationKey, string tenantId, int backlog, CancellationToken ct)
    {
        Waiter me;
        lock (_gate) _waiters.Add(me = new Waiter(tenantId, backlog, ++_sequence));
        try
        {
            while (true)
            {
                long waitMs;
                lock (_gate)
                {
                    var now = Now();
                    var o = options.Value;
                    var conversation = Slot(_conversations, conversationKey);
                    var tenant = Slot(_tenants, tenantId);
                    var conversationWait = o.ConversationLimits.Max(w => WaitFor(conversation, Scaled(w.Milliseconds), w.Count, now));
                    var tenantWait = WaitFor(tenant, Scaled(1000), Math.Max(1, (int)(o.TenantPerSecond * TenantHeadroom)), now);
                    if (_tenantPausedUntil.TryGetValue(tenantId, out var paused)) tenantWait = Math.Max(tenantWait, paused - now);
                    me.ReadyAt = now + Math.Max(0, conversationWait);

                    if (conversationWait <= 0 && tenantWait <= 0)
                    {
                        var before = _waiters.Where(w => w != me && w.Tenant == tenantId && w.ReadyAt <= now && w.GoesBefore(me))
                            .MinBy(w => w.WakeAt);
                        if (before is null)
                        {
                            conversation.Add(now);
                            tenant.Add(now);
                            Cleanup(now);
                            return;
                        }
                        // Someone more urgent takes this slot: look again when it has woken up and taken it.
                        waitMs = Math.Max(YieldMs, before.WakeAt - now + YieldMs);
                    }
                    else
                    {
                        waitMs = Math.Max(conversationWait, tenantWait);
                    }
                    me.WakeAt = now + waitMs;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), time, ct);
            }
        }
        finally
        {
            lock (_gate) _waiters.Remove(me);
        }
    }

    /// <summary>Sends to a conversation made by another instance (see OutboxDispatcher); times already known are ignored.</summary>
    public void Remember(string conversationKey, IEnumerable<DateTime> sentAtUtc)
    {
        lock (_gate)
        {
            var conversation = Slot(_conversations, conversationKey);
            var merged = conversation.Union(sentAtUtc.Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds()))
                .Order().ToList();
            conversation.Clear();
            conversation.AddRange(merged);
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

    private static List<long> Slot(Dictionary<string, List<long>> map, string key)
    {
        if (!map.TryGetValue(key, out var sent)) map[key] = sent = [];
        return sent;
    }

    /// <summary>Milliseconds until one more send fits into the window (0 = now). Send times are kept in ascending order.</summary>
    private static long WaitFor(List<long> sent, int windowMs, int limit, long now)
    {
        var span = windowMs + Math.Max(MinMarginMs, windowMs / 20);
        var first = FirstAfter(sent, now - span);
        var inWindow = sent.Count - first;
        if (inWindow < limit) return 0;
        // The oldest sends must leave the window before one more fits.
        return sent[first + inWindow - limit] + span - now;
    }

    private static int FirstAfter(List<long> sent, long threshold)
    {
        int low = 0, high = sent.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sent[mid] > threshold) high = mid;
            else low = mid + 1;
        }
        return low;
    }

    private void Cleanup(long now)
    {
        if (now - _lastCleanup < 10_000) return;
        _lastCleanup = now;
        var keep = Scaled(3_600_000) * 21 / 20 + MinMarginMs;
        foreach (var map in new[] { _conversations, _tenants })
        {
            foreach (var (key, sent) in map.ToList())
            {
                sent.RemoveRange(0, FirstAfter(sent, now - keep));
                if (sent.Count == 0) map.Remove(key);
            }
        }
        foreach (var over in _tenantPausedUntil.Where(p => p.Value < now).Select(p => p.Key).ToList()) _tenantPausedUntil.Remove(over);
    }
}
