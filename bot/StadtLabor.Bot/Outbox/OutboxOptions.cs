namespace StadtLabor.Bot.Outbox;

/// <summary>Section "Outbox". Defaults are Teams' published per-bot limits (TEAMS-PROTOCOL.md).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public bool Enabled { get; set; } = true;

    /// <summary>Name of this instance in claims; defaults to machine name + process id.</summary>
    public string? InstanceId { get; set; }

    public int PollMilliseconds { get; set; } = 250;
    /// <summary>Messages claimed at once; also the most conversations worked on at the same time.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>At most this many messages of one conversation are claimed at once, so a busy chat cannot hog a lease.</summary>
    public int PerConversationClaim { get; set; } = 16;
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>After this many failed attempts a message is dead (visible to the lab team, retryable by hand).</summary>
    public int MaxAttempts { get; set; } = 8;
    public int RetryBaseSeconds { get; set; } = 5;

    /// <summary>Sends per conversation: 7 a second, 8 in 2 s, 60 in 30 s, 1800 an hour. Fixed by Teams, so not configurable.</summary>
    public IReadOnlyList<RateWindow> ConversationLimits { get; } =
        [new(1000, 7), new(2000, 8), new(30_000, 60), new(3_600_000, 1800)];

    /// <summary>Requests per tenant and second for this app (Microsoft documents 50; older pages say 30).</summary>
    public int TenantPerSecond { get; set; } = 50;

    /// <summary>Shrinks every rate window (same counts); only for load runs against a stub with the same scale. Keep 1 in production.</summary>
    public double TimeScale { get; set; } = 1.0;
}

public sealed record RateWindow(int Milliseconds, int Count);
