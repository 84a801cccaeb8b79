using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// How a feature sends a message later. It adds a row to the caller's DbContext; the caller's SaveChanges (or
/// transaction) commits it together with the change that caused it. A dedupe key already used is ignored.
/// </summary>
public sealed class OutboxWriter(LabDbContext db, TimeProvider time)
{
    /// <summary>Rows this writer added to the unit of work, by dedupe key (the writer is scoped like the DbContext).</summary>
    private readonly Dictionary<string, OutboxMessage> _added = new(StringComparer.Ordinal);

    /// <summary>
    /// To a conversation we have a reference for (a team channel, a group chat, a known 1:1 chat). <paramref name="aboutUser"/>
    /// names the person a message answers, so that "meine daten" finds it.
    /// </summary>
    public Task<bool> ToConversationAsync(string dedupeKey, string tenantId, string serviceUrl, string conversationId,
        Activity activity, CancellationToken ct, DateTime? notBeforeUtc = null, string? aboutUser = null) =>
        AddAsync(new OutboxMessage
        {
            DedupeKey = dedupeKey,
            TenantId = tenantId,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ConversationKey = conversationId,
            UserAadObjectId = aboutUser,
            ActivityJson = Serialize(activity),
        }, notBeforeUtc, ct);

    /// <summary>To a person's 1:1 chat; the dispatcher creates the chat when we have none yet.</summary>
    public Task<bool> ToUserAsync(string dedupeKey, string tenantId, string userAadObjectId, Activity activity,
        CancellationToken ct, DateTime? notBeforeUtc = null) =>
        AddAsync(ToUser(dedupeKey, tenantId, userAadObjectId, activity), notBeforeUtc, ct);

    /// <summary>
    /// To many people at once (a reminder to everyone signed up): the same as ToUserAsync for each, but one query
    /// for the dedupe keys already used instead of one per person. Returns how many were added.
    /// </summary>
    public async Task<int> ToUsersAsync(string tenantId, IEnumerable<(string DedupeKey, string UserAadObjectId, Activity Activity)> messages,
        CancellationToken ct, DateTime? notBeforeUtc = null)
    {
        var list = messages.ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keys in list.Select(m => m.DedupeKey).Distinct().Chunk(1000))
            used.UnionWith(await db.OutboxMessages().Where(m => keys.Contains(m.DedupeKey)).Select(m => m.DedupeKey).ToListAsync(ct));
        var added = 0;
        foreach (var (dedupeKey, user, activity) in list)
        {
            if (used.Contains(dedupeKey) || Added(dedupeKey) is not null) continue;
            var row = ToUser(dedupeKey, tenantId, user, activity);
            Add(row, notBeforeUtc);
            added++;
        }
        return added;
    }

    /// <summary>Replaces a card sent earlier through the outbox (e.g. an offer that expired) with a new one.</summary>
    public async Task<bool> UpdateAsync(string dedupeKey, string originalDedupeKey, Activity activity, CancellationToken ct)
    {
        var original = await db.OutboxMessages().AsNoTracking().SingleOrDefaultAsync(m => m.DedupeKey == originalDedupeKey, ct)
            ?? Added(originalDedupeKey);
        if (original is null) return false;
        return await AddAsync(new OutboxMessage
        {
            DedupeKey = dedupeKey,
            TenantId = original.TenantId,
            ServiceUrl = original.ServiceUrl,
            ConversationId = original.ConversationId,
            UserAadObjectId = original.UserAadObjectId,
            ConversationKey = original.ConversationKey,
            UpdatesDedupeKey = originalDedupeKey,
            ActivityJson = Serialize(activity),
        }, null, ct);
    }

    /// <summary>
    /// The person's 1:1 chat has just become known (the app was installed for them and Teams said so): messages held
    /// for it go now instead of at their next look (see <see cref="IAppInstaller"/>). In the caller's transaction.
    /// </summary>
    public Task<int> WakeUserAsync(string userAadObjectId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = "user:" + userAadObjectId;
        return db.OutboxMessages()
            .Where(m => m.ConversationKey == key && m.Status == OutboxStatus.Pending && m.ConversationId == null && m.NextAttemptAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAtUtc, now), ct);
    }

    private static OutboxMessage ToUser(string dedupeKey, string tenantId, string userAadObjectId, Activity activity) => new()
    {
        DedupeKey = dedupeKey,
        TenantId = tenantId,
        ServiceUrl = "",
        UserAadObjectId = userAadObjectId,
        ConversationKey = "user:" + userAadObjectId,
        ActivityJson = Serialize(activity),
    };

    private async Task<bool> AddAsync(OutboxMessage message, DateTime? notBeforeUtc, CancellationToken ct)
    {
        // Teams re-delivers activities; the business key makes the second enqueue a no-op (and the unique index
        // settles a race between two instances: the loser's transaction fails and its retry sees the row).
        if (Added(message.DedupeKey) is not null) return false;
        if (await db.OutboxMessages().AnyAsync(m => m.DedupeKey == message.DedupeKey, ct)) return false;
        Add(message, notBeforeUtc);
        return true;
    }

    private void Add(OutboxMessage message, DateTime? notBeforeUtc)
    {
        var now = time.GetUtcNow().UtcDateTime;
        message.Status = OutboxStatus.Pending;
        message.CreatedAtUtc = now;
        message.NextAttemptAtUtc = notBeforeUtc is { } later && later > now ? later : now;
        db.OutboxMessages().Add(message);
        _added[message.DedupeKey] = message;
    }

    /// <summary>
    /// A row with this key added to the unit of work and not saved yet. Asks the change tracker about this one row
    /// only: scanning its entries on every call made a fan-out of 2,000 messages in one unit of work take seconds.
    /// A row saved since is found in the database; one whose unit of work was discarded does not count.
    /// </summary>
    private OutboxMessage? Added(string dedupeKey) =>
        _added.TryGetValue(dedupeKey, out var row) && db.Entry(row).State == EntityState.Added ? row : null;

    private static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ConnectorJson.Options);
}
