using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Keeps this instance under Teams' limits (per conversation and per tenant) so we rarely see a 429, and honours a
/// tenant-wide pause after one. Sliding windows over the send times we remember: from when a request leaves until
/// its answer is back, then from the answer on. Teams counts a request when it arrives, which is somewhere between the
/// two, so the windows it counts lie inside ours whatever the delay on the way (a first request on a new connection
/// in a busy process took over 300 ms). Every window still gets a small margin and the tenant budget keeps 20 %
/// headroom, for how Teams itself measures.
///
/// When several sends compete for the tenant's budget, the one with the most messages still queued behind it goes
/// first: a busy channel can only send 60 messages in 30 s, so it must never wait behind one-off messages to people,
/// who can be served in its gaps. That keeps a mixed fan-out close to the time the limits allow. Each waiter sleeps
/// until the slot that is its turn frees (the n-th, with n - 1 more urgent ones ready before it): when all of them
/// woke for every free slot, 200 queued messages meant thousands of wake-ups a second that slowed every send.
/// </summary>
public sealed class SendRateLimiter(IOptions<OutboxOptions> options, TimeProvider time)
{
    private const long MinMarginMs = 60;
    private const long MaxMarginMs = 250;
    private const double TenantHeadroom = 0.8;

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
        /// <summary>When its conversation lets it send (as of its last look); until then it takes no tenant slot.</summary>
        public long ReadyAt { get; set; } = long.MaxValue;

        public bool GoesBefore(Waiter other) => Backlog > other.Backlog || Backlog == other.Backlog && Sequence < other.Sequence;
    }

    /// <summary>A request let through at a moment (ms); hand it back to <see cref="Answered"/> when its answer is here.</summary>
    public readonly record struct Ticket(string ConversationKey, string TenantId, long AtMs);

    /// <summary>Waits until one more request to this conversation fits; backlog = messages queued for it, this one included.</summary>
    public async Task<Ticket> WaitAsync(string conversationKey, string tenantId, int backlog, CancellationToken ct)
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
                    var conversationWait = o.ConversationLimits.Max(w => WaitFor(conversation, Scaled(w.Milliseconds), w.Count, now));
                    me.ReadyAt = now + Math.Max(0, conversationWait);
                    if (conversationWait > 0)
                    {
                        waitMs = conversationWait;
                    }
                    else
                    {
                        var tenant = Slot(_tenants, tenantId);
                        var ahead = _waiters.Count(w => w != me && w.Tenant == tenantId && w.ReadyAt <= now && w.GoesBefore(me));
                        var tenantWait = WaitFor(tenant, Scaled(1000), Math.Max(1, (int)(o.TenantPerSecond * TenantHeadroom)), now, ahead);
                        if (_tenantPausedUntil.TryGetValue(tenantId, out var paused)) tenantWait = Math.Max(tenantWait, paused - now);
                        if (tenantWait <= 0)
                        {
                            conversation.Add(now);
                            tenant.Add(now);
                            Cleanup(now);
                            return new Ticket(conversationKey, tenantId, now);
                        }
                        waitMs = tenantWait;
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), time, ct);
            }
        }
        finally
        {
            lock (_gate) _waiters.Remove(me);
        }
    }

    /// <summary>The request has been answered, so it has arrived: count it from now on instead of from when it left.</summary>
    public void Answered(Ticket ticket)
    {
        lock (_gate)
        {
            var now = Now();
            if (_conversations.TryGetValue(ticket.ConversationKey, out var conversation)) Move(conversation, ticket.AtMs, now);
            if (_tenants.TryGetValue(ticket.TenantId, out var tenant)) Move(tenant, ticket.AtMs, now);
        }
    }

    /// <summary>Moves one send time, keeping the list in order (gone already after an hour's cleanup: nothing to do).</summary>
    private static void Move(List<long> sent, long from, long to)
    {
        var at = sent.BinarySearch(from);
        if (at < 0) return;
        sent.RemoveAt(at);
        var into = sent.BinarySearch(to);
        sent.Insert(into < 0 ? ~into : into, to);
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

    /// <summary>
    /// Milliseconds until one more send fits into the window after <paramref name="ahead"/> others that go first
    /// (0 = now). Send times are kept in ascending order.
    /// </summary>
    private static long WaitFor(List<long> sent, int windowMs, int limit, long now, int ahead = 0)
    {
        var span = windowMs + Math.Clamp(windowMs / 20, MinMarginMs, MaxMarginMs);
        var first = FirstAfter(sent, now - span);
        var inWindow = sent.Count - first;
        // The oldest sends must leave the window before one more (and those ahead of it) fit.
        var mustLeave = inWindow + ahead + 1 - limit;
        if (mustLeave <= 0) return 0;
        // Further back than this window holds: look again after a window, when those ahead have had their turns.
        if (mustLeave > inWindow) return span;
        return sent[first + mustLeave - 1] + span - now;
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
        var keep = Scaled(3_600_000) + MaxMarginMs;
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
