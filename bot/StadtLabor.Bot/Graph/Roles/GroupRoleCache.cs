using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Graph.Roles;

/// <summary>
/// The roles a person holds through Entra groups, per person in memory. A role check runs inside a turn that Teams
/// waits for, so Graph is asked as little and as briefly as possible:
/// <list type="bullet">
/// <item>younger than Graph:Roles:CacheMinutes: the answer is used as it is;</item>
/// <item>older: still used, and refreshed in the background (the turn does not wait);</item>
/// <item>no usable answer yet: the turn waits for Graph at most <see cref="FirstLookupWait"/>, then gets no group roles
///   (the lookup goes on and fills the cache for the next click);</item>
/// <item>Graph failing: the last answer holds until Graph:Roles:GraceMinutes after Graph last confirmed it, then group
///   roles are withheld (deny by default; staff stays staff, configured roles still apply). A failed person is not asked
///   again for <see cref="RetryAfterFailure"/>, so an outage neither hammers Graph nor slows every click.</item>
/// </list>
/// An outage is logged once (and its end once), never with a person's id.
/// </summary>
public sealed partial class GroupRoleCache(
    IMemberGroupsCheck check, RoleAssignments assignments, IOptions<GraphOptions> options, TimeProvider time, ILogger<GroupRoleCache> log)
{
    public static readonly TimeSpan FirstLookupWait = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlySet<Role> None = new HashSet<Role>();

    private sealed class Entry
    {
        public IReadOnlySet<Role>? Roles;
        public DateTimeOffset AnsweredAt;
        public DateTimeOffset? FailedAt;
        public Task? Refresh;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _outage;

    private TimeSpan Fresh => TimeSpan.FromMinutes(options.Value.Roles.CacheMinutes);
    private TimeSpan Usable => Fresh + TimeSpan.FromMinutes(options.Value.Roles.GraceMinutes);

    public async Task<IReadOnlySet<Role>> RolesOfAsync(string objectId, CancellationToken ct)
    {
        if (assignments.GroupIds.Count == 0 || !Guid.TryParse(objectId, out var id)) return None;
        var key = id.ToString("D");
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        Task? refresh;
        lock (entry)
        {
            var now = time.GetUtcNow();
            var age = now - entry.AnsweredAt;
            if (entry.Roles is not null && age < Fresh) return entry.Roles;
            var resting = entry.FailedAt is { } failed && now - failed < RetryAfterFailure;
            // Task.Run: the refresh must not complete inline while this lock is held (it takes the lock to record its answer).
            if (entry.Refresh is null && !resting) entry.Refresh = Task.Run(() => RefreshAsync(key, entry), CancellationToken.None);
            if (entry.Roles is not null && age < Usable) return entry.Roles;
            refresh = entry.Refresh;
        }
        // Graph failed for this person a moment ago: answer now rather than make every click wait for it.
        if (refresh is null) return None;
        try
        {
            await refresh.WaitAsync(FirstLookupWait, time, ct);
        }
        catch (TimeoutException)
        {
            LogSlow(log, FirstLookupWait.TotalSeconds);
        }
        lock (entry) return entry.Roles is not null && time.GetUtcNow() - entry.AnsweredAt < Usable ? entry.Roles : None;
    }

    /// <summary>For tests: makes the person's answer older, as if that much time had passed since Graph gave it.</summary>
    internal void Backdate(string objectId, TimeSpan by)
    {
        if (_entries.TryGetValue(Guid.Parse(objectId).ToString("D"), out var entry))
            lock (entry) entry.AnsweredAt -= by;
    }

    /// <summary>For tests: the person's refresh in flight (or a completed task), to wait for an answer the turn did not.</summary>
    internal Task RefreshOf(string objectId)
    {
        if (!_entries.TryGetValue(Guid.Parse(objectId).ToString("D"), out var entry)) return Task.CompletedTask;
        lock (entry) return entry.Refresh ?? Task.CompletedTask;
    }

    private async Task RefreshAsync(string objectId, Entry entry)
    {
        IReadOnlySet<Role>? roles = null;
        string? failure = null;
        try
        {
            roles = assignments.ForGroups(await check.MemberOfAsync(objectId, assignments.GroupIds, CancellationToken.None));
        }
        // The boundary of a background call to Graph: whatever it throws is an outage to ride out, never a crash.
        catch (Exception e)
        {
            failure = e is ApiException api ? api.ResponseStatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetType().Name;
        }
        lock (entry)
        {
            entry.Refresh = null;
            if (roles is not null)
            {
                entry.Roles = roles;
                entry.AnsweredAt = time.GetUtcNow();
                entry.FailedAt = null;
            }
            else
            {
                entry.FailedAt = time.GetUtcNow();
            }
        }
        if (roles is not null)
        {
            if (Interlocked.Exchange(ref _outage, 0) == 1) LogRecovered(log);
        }
        else if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            LogOutage(log, failure!, options.Value.Roles.GraceMinutes);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Roles from Entra groups: Graph's checkMemberGroups failed ({Failure}); last known answers hold for up to {GraceMinutes} minutes, then group roles are withheld (403: check GroupMember.Read.All and User.Read.All)")]
    private static partial void LogOutage(ILogger logger, string failure, int graceMinutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roles from Entra groups: Graph answers again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roles from Entra groups: Graph did not answer within {Seconds} s; no group roles for this check, the answer fills the cache when it comes")]
    private static partial void LogSlow(ILogger logger, double seconds);
}
