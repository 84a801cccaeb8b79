using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Outbox;

/// <summary>
/// Takes back messages that have not gone out yet and no longer should (a reminder to answer a survey the person has
/// just answered, while it still waits for quiet hours or an app install). In the caller's transaction, by exact
/// dedupe keys (the unique index). A row a dispatcher holds right now (a lease) stays: it may be on its way to Teams,
/// and the dispatcher must be able to record what happened to it. Deletes only; it writes no row and no time.
/// </summary>
public static class OutboxWithdrawal
{
    public static Task<int> UnsentAsync(LabDbContext db, IReadOnlyCollection<string> dedupeKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dedupeKeys);
        return dedupeKeys.Count == 0
            ? Task.FromResult(0)
            : db.OutboxMessages()
                .Where(m => dedupeKeys.Contains(m.DedupeKey) && m.Status == OutboxStatus.Pending && m.LeaseUntilUtc == null)
                .ExecuteDeleteAsync(ct);
    }
}
