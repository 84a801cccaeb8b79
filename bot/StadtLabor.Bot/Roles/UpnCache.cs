using System.Collections.Concurrent;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// A member's UPN as the connector told us, per tenant and object id, so a role check costs one connector call per
/// person and hour rather than one per click. In memory only: the UPN is never stored or logged.
/// </summary>
public sealed class UpnCache(TimeProvider time)
{
    /// <summary>A UPN (or the answer "this member has none") is trusted this long; renamed accounts catch up within it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A failed lookup is retried after this, so a connector outage neither hammers it nor lasts an hour.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Tenant, string ObjectId), (string? Upn, DateTimeOffset Until)> _entries = new();

    public bool TryGet(LabUser user, out string? upn)
    {
        ArgumentNullException.ThrowIfNull(user);
        upn = null;
        if (!_entries.TryGetValue(Key(user), out var entry)) return false;
        if (entry.Until <= time.GetUtcNow())
        {
            _entries.TryRemove(Key(user), out _);
            return false;
        }
        upn = entry.Upn;
        return true;
    }

    public void Set(LabUser user, string? upn, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(user);
        _entries[Key(user)] = (upn, time.GetUtcNow() + lifetime);
    }

    private static (string, string) Key(LabUser user) => (user.TenantId.ToUpperInvariant(), user.AadObjectId.ToUpperInvariant());
}
