using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>One of the person's ideas as "meine ideen" lists it, with the Lotsen's newest public answer (null: none yet).</summary>
public sealed record MyIdea(long IdeaId, string Title, IdeaStatus Status, long? MergedIntoId, bool Anonymous, long FromIdeaId,
    DateTime? AnsweredAtUtc, string? Answer);

/// <summary>The shown rows of each group and how many there are in all.</summary>
public sealed record MyIdeaList(IReadOnlyList<MyIdea> Authored, int AuthoredTotal, IReadOnlyList<MyIdea> Supported, int SupportedTotal)
{
    public bool IsEmpty => Authored.Count == 0 && Supported.Count == 0;
}

/// <summary>
/// The ideas the person submitted (anonymous ones too: only they see them here) or came to through a merge, and the
/// ideas they support, newest first, for the card "meine ideen" and the page "Meine Termine &amp; Ausleihen". A merged
/// idea whose target the person has too (a merge carries authors and supporters over) is listed once: as the target.
/// </summary>
public sealed class MyIdeas(LabDbContext db)
{
    public async Task<MyIdeaList> ForAsync(string user, int maxShown, CancellationToken ct)
    {
        var authored = await (from a in db.IdeaAuthors().AsNoTracking()
                              join i in db.Ideas().AsNoTracking() on a.IdeaId equals i.Id
                              where a.UserAadObjectId == user
                              orderby i.SubmittedAtUtc descending, i.Id descending
                              select new MyIdea(i.Id, i.Title, i.Status, i.MergedIntoId, a.Anonymous, a.OriginalIdeaId, null, null))
            .ToListAsync(ct);
        var supported = await (from s in db.IdeaSupports().AsNoTracking()
                               join i in db.Ideas().AsNoTracking() on s.IdeaId equals i.Id
                               where s.UserAadObjectId == user
                               orderby s.CreatedAtUtc descending, s.Id descending
                               select new MyIdea(i.Id, i.Title, i.Status, i.MergedIntoId, false, i.Id, null, null))
            .ToListAsync(ct);

        var authoredIds = authored.Select(r => r.IdeaId).ToHashSet();
        var allIds = authoredIds.Concat(supported.Select(r => r.IdeaId)).ToHashSet();
        var mine = authored.DistinctBy(r => r.IdeaId).Where(r => !Covered(r, allIds)).ToList();
        var theirs = supported.Where(r => !authoredIds.Contains(r.IdeaId) && !Covered(r, allIds)).ToList();
        var shownMine = mine.Take(maxShown).ToList();
        var shownTheirs = theirs.Take(maxShown).ToList();
        var answers = await LastAnswersAsync([.. shownMine.Select(r => r.IdeaId), .. shownTheirs.Select(r => r.IdeaId)], ct);
        MyIdea WithAnswer(MyIdea r) => answers.TryGetValue(r.IdeaId, out var a) ? r with { AnsweredAtUtc = a.At, Answer = a.Text } : r;
        return new MyIdeaList([.. shownMine.Select(WithAnswer)], mine.Count, [.. shownTheirs.Select(WithAnswer)], theirs.Count);
    }

    private static bool Covered(MyIdea r, HashSet<long> ids) => r.Status == IdeaStatus.Merged && r.MergedIntoId is { } t && ids.Contains(t);

    /// <summary>Each idea's newest public answer (never an internal comment).</summary>
    private async Task<Dictionary<long, (DateTime At, string Text)>> LastAnswersAsync(List<long> ideaIds, CancellationToken ct)
    {
        if (ideaIds.Count == 0) return [];
        var lastIds = await db.IdeaEvents().AsNoTracking()
            .Where(e => ideaIds.Contains(e.IdeaId) && e.Public && e.Text != "")
            .GroupBy(e => e.IdeaId).Select(g => g.Max(e => e.Id))
            .ToListAsync(ct);
        return await db.IdeaEvents().AsNoTracking().Where(e => lastIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.IdeaId, e => (e.CreatedAtUtc, e.Text), ct);
    }
}
