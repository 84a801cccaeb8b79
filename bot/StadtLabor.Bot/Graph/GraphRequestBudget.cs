using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Outlook's 10,000 requests per 10 minutes per app and mailbox, counted in this instance's memory: every request a
/// queued call's handler sends is counted for the call's mailbox (<see cref="GraphRequestCounter"/>), and the worker
/// claims no call for a mailbox whose window is full. Several instances each count their own requests, so with n
/// instances set Graph:Calls:RequestsPerTenMinutes to 10,000 / n (the README says so). A sliding window of the last
/// ten minutes, one queue of timestamps per mailbox (at most the limit, so at most 10,000 entries each).
/// It also remembers a Retry-After pause the moment it arrives, before the database has it, so this instance sends
/// nothing more to the mailbox in between.
/// </summary>
public sealed class GraphRequestBudget(IOptions<GraphOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mailbox whose Graph requests the current async flow makes (set by the worker around a handler).</summary>
    private static readonly AsyncLocal<string?> Current = new();

    internal static string? CurrentMailbox => Current.Value;

    /// <summary>Counts the requests of this flow for <paramref name="mailbox"/> until disposed.</summary>
    internal static IDisposable For(string mailbox)
    {
        var before = Current.Value;
        Current.Value = mailbox;
        return new Restore(before);
    }

    /// <summary>Null when a call of the mailbox may start now; otherwise when it may at the earliest.</summary>
    public DateTime? BusyUntil(string mailbox, DateTime nowUtc)
    {
        var m = Of(mailbox);
        lock (m)
        {
            if (nowUtc < m.PausedUntil) return m.PausedUntil;
            Forget(m, nowUtc);
            return m.Sent.Count < options.Value.Calls.RequestsPerTenMinutes ? null : m.Sent.Peek() + Window;
        }
    }

    /// <summary>One request left for the mailbox.</summary>
    public void Count(string mailbox, DateTime nowUtc)
    {
        var m = Of(mailbox);
        lock (m)
        {
            Forget(m, nowUtc);
            m.Sent.Enqueue(nowUtc);
        }
    }

    public void PauseUntil(string mailbox, DateTime untilUtc)
    {
        var m = Of(mailbox);
        lock (m) if (untilUtc > m.PausedUntil) m.PausedUntil = untilUtc;
    }

    /// <summary>Requests counted for the mailbox in the last ten minutes (tests, status).</summary>
    public int SentInWindow(string mailbox, DateTime nowUtc)
    {
        var m = Of(mailbox);
        lock (m)
        {
            Forget(m, nowUtc);
            return m.Sent.Count;
        }
    }

    private Mailbox Of(string mailbox) => _mailboxes.GetOrAdd(mailbox, _ => new Mailbox());

    private static void Forget(Mailbox m, DateTime nowUtc)
    {
        while (m.Sent.Count > 0 && m.Sent.Peek() <= nowUtc - Window) m.Sent.Dequeue();
    }

    private sealed class Mailbox
    {
        public readonly Queue<DateTime> Sent = new();
        public DateTime PausedUntil;
    }

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => Current.Value = before;
    }
}

/// <summary>In the "graph" HttpClient: counts each request a queued call sends (retries by a handler included).</summary>
internal sealed class GraphRequestCounter(GraphRequestBudget budget, TimeProvider time) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (GraphRequestBudget.CurrentMailbox is { } mailbox) budget.Count(mailbox, time.GetUtcNow().UtcDateTime);
        return base.SendAsync(request, cancellationToken);
    }
}
