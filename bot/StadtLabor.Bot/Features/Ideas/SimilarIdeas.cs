using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas.Similarity;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>An existing idea that looks like a new one, with how alike (0..1, only for ordering).</summary>
public sealed record SimilarIdea(long IdeaId, string Title, IdeaStatus Status, int SupportCount, double Score);

/// <summary>
/// "Gibt es das schon?": up to three existing ideas that look like a new one, before it is saved. Open and done ideas
/// count; rejected and merged ones are not offered (supporting them leads nowhere). The matching is German-aware
/// (<see cref="GermanText"/>: compounds, stems, umlauts) and runs in memory on the app's one index
/// (<see cref="IdeaIndexFeed"/>), brought up to date with what changed before each search; the same ideas give the
/// same answer on SQLite and PostgreSQL.
/// </summary>
public sealed class SimilarIdeas(LabDbContext db, IdeaIndexFeed feed)
{
    public const int Max = 3;

    /// <summary>
    /// Below this an idea is not shown: a clerk who sees three unrelated ideas stops reading them. Measured on the
    /// labelled set (tests/StadtLabor.Bot.Tests/Ideas/similar-ideas.de.json, SimilarIdeasQualityTests).
    /// </summary>
    public const double MinScore = 0.3;

    // A few more than shown, so ideas rejected or merged since the index last looked do not leave the list short.
    private const int Candidates = Max * 4;

    public async Task<IReadOnlyList<SimilarIdea>> FindAsync(string title, string description, CancellationToken ct)
    {
        await feed.CatchUpAsync(db, ct);
        var hits = feed.Index.Search(title ?? "", description ?? "", Candidates, MinScore);
        if (hits.Count == 0) return [];
        var ids = hits.Select(h => h.Id).ToList();
        // Status, title and supports read fresh: the index only knows the text.
        var rows = await db.Ideas().AsNoTracking()
            .Where(i => ids.Contains(i.Id) && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged)
            .Select(i => new { i.Id, i.Title, i.Status, i.SupportCount })
            .ToDictionaryAsync(i => i.Id, ct);
        return hits
            .Where(h => rows.ContainsKey(h.Id))
            .Take(Max)
            .Select(h => { var r = rows[h.Id]; return new SimilarIdea(r.Id, r.Title, r.Status, r.SupportCount, h.Score); })
            .ToList();
    }
}
