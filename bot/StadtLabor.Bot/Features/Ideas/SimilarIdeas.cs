using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>An existing idea that looks like a new one, with how alike (0..1, only for ordering).</summary>
public sealed record SimilarIdea(long IdeaId, string Title, IdeaStatus Status, int SupportCount, double Score);

/// <summary>
/// "Gibt es das schon?": up to three existing ideas that look like a new one, before it is saved. Open and done ideas
/// count; rejected and merged ones are not offered (supporting them leads nowhere).
/// FIRST VERSION: word overlap on lower-cased words; the German-aware matcher (compounds, stems, umlauts) replaces
/// the inside of this class, not its signature.
/// </summary>
public sealed class SimilarIdeas(LabDbContext db)
{
    public const int Max = 3;

    public async Task<IReadOnlyList<SimilarIdea>> FindAsync(string title, string description, CancellationToken ct)
    {
        var wanted = Words(title + " " + description);
        if (wanted.Count == 0) return [];
        var candidates = await db.Ideas().AsNoTracking()
            .Where(i => i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged)
            .Select(i => new { i.Id, i.Title, i.Description, i.Status, i.SupportCount })
            .ToListAsync(ct);
        return candidates
            .Select(c =>
            {
                var words = Words(c.Title + " " + c.Description);
                var shared = wanted.Count(words.Contains);
                return new SimilarIdea(c.Id, c.Title, c.Status, c.SupportCount, shared / (double)Math.Max(wanted.Count, words.Count));
            })
            .Where(s => s.Score >= 0.3)
            .OrderByDescending(s => s.Score).ThenBy(s => s.IdeaId)
            .Take(Max)
            .ToList();
    }

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '.', ';', ':', '!', '?', '\n', '\r', '\t', '-', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);
}
