namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Teams' per-bot limits as the connector stub enforces them: sliding windows per conversation and one per tenant.
/// A scale below 1 shrinks every window (same counts), so a test can run the real shape faster.
/// </summary>
public sealed class TeamsLimits(double scale = 1.0, int tenantPerSecond = 50)
{
    private readonly (TimeSpan Window, int Count)[] _perConversation =
    [
        (TimeSpan.FromSeconds(1 * scale), 7),
        (TimeSpan.FromSeconds(2 * scale), 8),
        (TimeSpan.FromSeconds(30 * scale), 60),
        (TimeSpan.FromSeconds(3600 * scale), 1800),
    ];

    private readonly TimeSpan _tenantWindow = TimeSpan.FromSeconds(1 * scale);
    private readonly Dictionary<string, List<DateTimeOffset>> _sent = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _tenant = [];
    private readonly Lock _gate = new();

    public double Scale => scale;
    public int TenantPerSecond => tenantPerSecond;

    /// <summary>Records the request and says whether it is within every limit (a refused request does not count).</summary>
    public bool Admit(string conversation, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_sent.TryGetValue(conversation, out var times)) _sent[conversation] = times = [];
            if (_perConversation.Any(l => times.Count(t => t > at - l.Window) >= l.Count)) return false;
            if (_tenant.Count(t => t > at - _tenantWindow) >= tenantPerSecond) return false;
            times.Add(at);
            _tenant.Add(at);
            _tenant.RemoveAll(t => t <= at - _tenantWindow);
            return true;
        }
    }

    /// <summary>The shortest time the limits allow for this many messages to one conversation (sustained by the 30 s window).</summary>
    public TimeSpan MinimumFor(int messagesToOneConversation, int messagesToDistinctConversations)
    {
        var windows30 = Math.Max(0, (messagesToOneConversation - 1) / 60);
        var rest = (messagesToOneConversation - 1) % 60;
        var oneConversation = TimeSpan.FromSeconds(30 * scale * windows30 + 2 * scale * (rest / 8));
        var tenant = TimeSpan.FromSeconds(scale * (messagesToOneConversation + messagesToDistinctConversations) / (double)tenantPerSecond);
        return oneConversation > tenant ? oneConversation : tenant;
    }
}
