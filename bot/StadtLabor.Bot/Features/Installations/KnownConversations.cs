using System.Collections.Concurrent;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// Conversations this instance found stored and active a moment ago, so that the next turns of the same chat do not
/// ask the database again whether it is known (it was a query on every turn, most of a menu turn's database time).
/// Forgotten here when this instance marks the conversation inactive or erases a person's data. Another instance's
/// uninstall is noticed after <see cref="Lifetime"/> at the latest; until then only the safety net for a missed
/// install event waits (Teams sends a re-install event anyway).
/// </summary>
public sealed class KnownConversations(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Far more chats than a city has staff; past it the memory starts over rather than grow.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (string ServiceUrl, DateTime Until)> _known = new(StringComparer.Ordinal);

    public bool IsKnown(string conversationId, string? serviceUrl) =>
        _known.TryGetValue(conversationId, out var entry) && entry.ServiceUrl == serviceUrl && entry.Until > time.GetUtcNow().UtcDateTime;

    public void Remember(string conversationId, string serviceUrl)
    {
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[conversationId] = (serviceUrl, time.GetUtcNow().UtcDateTime + Lifetime);
    }

    public void Forget(string conversationId) => _known.TryRemove(conversationId, out _);

    /// <summary>After erasing a person's data: which chats were theirs is not worth a query.</summary>
    public void ForgetAll() => _known.Clear();
}
