using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Ideas.Records;

/// <summary>
/// Ideas (Privacy:Retention:Ideas, three years by default): a closed idea (done, rejected, merged) is kept for its
/// people to look up and for the figures, then deleted with its authors, supports and history, counted from its
/// closing. An open idea is never deleted, however old: someone is still waiting for an answer. With them go the
/// Lotsen directory's entries of those who have not used a Lotsen card for as long (they are listed again when
/// they come back).
/// </summary>
public sealed class PurgeIdeas(LabDbContext db) : IRetentionPolicy
{
    // 1095 days: the cards say "3 Jahre" (Wording.Duration counts years of 365 days).
    public const int ThreeYears = 3 * 365;

    public string Kind => "Ideas";

    public int DefaultDays => ThreeYears;

    private static readonly IdeaStatus[] Closed = [IdeaStatus.Done, IdeaStatus.Rejected, IdeaStatus.Merged];

    public async Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        var expired = db.Ideas().Where(i => Closed.Contains(i.Status) && i.ClosedAtUtc != null && i.ClosedAtUtc < cutoffUtc);
        // Spelled out rather than left to ON DELETE CASCADE: the same on both databases, counted, and a run cut short
        // is finished by the next.
        var rows = await db.IdeaSupports().Where(s => expired.Any(i => i.Id == s.IdeaId)).ExecuteDeleteAsync(ct);
        rows += await db.IdeaEvents().Where(e => expired.Any(i => i.Id == e.IdeaId)).ExecuteDeleteAsync(ct);
        rows += await db.IdeaAuthors().Where(a => expired.Any(i => i.Id == a.IdeaId)).ExecuteDeleteAsync(ct);
        // An idea merged into one that is deleted keeps pointing at nothing rather than blocking the deletion.
        await db.Ideas().Where(i => i.MergedIntoId != null && expired.Any(x => x.Id == i.MergedIntoId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.MergedIntoId, (long?)null), ct);
        rows += await expired.ExecuteDeleteAsync(ct);
        rows += await db.IdeaLotsen().Where(l => l.LastSeenAtUtc < cutoffUtc).ExecuteDeleteAsync(ct);
        return rows;
    }
}
