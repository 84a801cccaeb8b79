using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Privacy.Policies;

/// <summary>
/// Sent messages are kept a short while (their dedupe key stops a re-sent activity from messaging twice, their
/// activity id lets a card be updated); undeliverable ones longer, so the lab team can see and retry them.
/// Pending messages are never purged. Belongs to the outbox; lives here until its files are free to change.
/// </summary>
public sealed class PurgeSentOutboxMessages(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "SentOutboxMessages";

    public int DefaultDays => 30;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.OutboxMessages()
            .Where(m => m.Status == OutboxStatus.Sent && (m.SentAtUtc ?? m.CreatedAtUtc) < cutoffUtc)
            // A pending update still needs the activity id of the message it replaces.
            .Where(m => !db.OutboxMessages().Any(u => u.UpdatesDedupeKey == m.DedupeKey && u.Status == OutboxStatus.Pending))
            .ExecuteDeleteAsync(ct);
}

/// <summary>Failed (recipient gone, refused) and dead letters, counted from their last attempt.</summary>
public sealed class PurgeFailedOutboxMessages(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "FailedOutboxMessages";

    public int DefaultDays => 90;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.OutboxMessages()
            .Where(m => (m.Status == OutboxStatus.Failed || m.Status == OutboxStatus.Dead)
                && m.CreatedAtUtc < cutoffUtc && m.NextAttemptAtUtc < cutoffUtc)
            .ExecuteDeleteAsync(ct);
}
