using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Digest;

public sealed record ChangedIdea(long Id, string Title, IdeaStatus Status);

public sealed record IdeaChanges(IReadOnlyList<ChangedIdea> Rows, int Total);

/// <summary>
/// What the weekly channel digest tells of the ideas: those the Lotsen accepted or finished in a window (a public
/// status change in the history), shown only while the idea still stands there (accepted and then rejected in the
/// same week is no news). Title and status only: the channel card names nobody, neither a submitter (anonymous or
/// not) nor a Lotse, as the staff cards of the ideas do.
/// </summary>
public sealed class ChannelIdeaChanges(LabDbContext db)
{
    private static readonly IdeaStatus[] Newsworthy = [IdeaStatus.Accepted, IdeaStatus.Done];

    public async Task<IdeaChanges> ListAsync(DateTime sinceUtc, DateTime untilUtc, int take, CancellationToken ct)
    {
        var changed = await db.IdeaEvents().AsNoTracking()
            .Where(e => e.Kind == IdeaEventKind.StatusChanged && e.Public && e.CreatedAtUtc >= sinceUtc && e.CreatedAtUtc < untilUtc
                && e.ToStatus != null && Newsworthy.Contains(e.ToStatus.Value))
            .Select(e => new { e.IdeaId, e.ToStatus, e.CreatedAtUtc }).ToListAsync(ct);
        var latest = changed.GroupBy(e => e.IdeaId).ToDictionary(g => g.Key, g => g.Max(e => e.CreatedAtUtc));
        var ids = latest.Keys.ToList();
        var ideas = await db.Ideas().AsNoTracking()
            .Where(i => ids.Contains(i.Id) && i.MergedIntoId == null && Newsworthy.Contains(i.Status))
            .Select(i => new { i.Id, i.Title, i.Status }).ToListAsync(ct);
        var rows = ideas
            .Where(i => changed.Any(e => e.IdeaId == i.Id && e.ToStatus == i.Status))
            .OrderByDescending(i => latest[i.Id]).ThenByDescending(i => i.Id)
            .Select(i => new ChangedIdea(i.Id, i.Title, i.Status)).ToList();
        return new IdeaChanges(rows.Take(take).ToList(), rows.Count);
    }
}
