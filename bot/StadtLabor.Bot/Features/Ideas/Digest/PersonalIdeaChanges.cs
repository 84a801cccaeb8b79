using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Digest;

/// <summary>One line of a person's digest from the ideas: their idea changed status.</summary>
public sealed record PersonalIdeaChange(string UserAadObjectId, long IdeaId, string Title, IdeaStatus Status, DateTime AtUtc);

/// <summary>
/// For the personal digest: per person, the public status changes since the last edition of the ideas they submitted
/// or support (the people <see cref="Triage.IdeaNotices"/> tells). Only public events and no names, so nothing says
/// who submitted an idea (an anonymous author stays anonymous; the title is public on the board anyway).
/// </summary>
public sealed class PersonalIdeaChanges(LabDbContext db)
{
    public async Task<ILookup<string, PersonalIdeaChange>> ForAsync(IReadOnlyCollection<string> users, DateTime sinceUtc, DateTime untilUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var rows = new List<PersonalIdeaChange>();
        foreach (var ids in users.Chunk(1000))
        {
            var query =
                from a in db.Set<IdeaAuthor>().AsNoTracking()
                join i in db.Set<Idea>().AsNoTracking() on a.IdeaId equals i.Id
                join e in db.Set<IdeaEvent>().AsNoTracking() on i.Id equals e.IdeaId
                where ids.Contains(a.UserAadObjectId) && e.Kind == IdeaEventKind.StatusChanged && e.Public && e.ToStatus != null
                    && e.CreatedAtUtc >= sinceUtc && e.CreatedAtUtc < untilUtc
                select new PersonalIdeaChange(a.UserAadObjectId, i.Id, i.Title, e.ToStatus!.Value, e.CreatedAtUtc);
            rows.AddRange(await query.ToListAsync(ct));
            var supported =
                from s in db.Set<IdeaSupport>().AsNoTracking()
                join i in db.Set<Idea>().AsNoTracking() on s.IdeaId equals i.Id
                join e in db.Set<IdeaEvent>().AsNoTracking() on i.Id equals e.IdeaId
                where ids.Contains(s.UserAadObjectId) && e.Kind == IdeaEventKind.StatusChanged && e.Public && e.ToStatus != null
                    && e.CreatedAtUtc >= sinceUtc && e.CreatedAtUtc < untilUtc
                select new PersonalIdeaChange(s.UserAadObjectId, i.Id, i.Title, e.ToStatus!.Value, e.CreatedAtUtc);
            rows.AddRange(await supported.ToListAsync(ct));
        }
        // The latest change per idea is what the reader needs; the history is on the idea's card.
        return rows.GroupBy(r => (r.UserAadObjectId, r.IdeaId)).Select(g => g.MaxBy(r => r.AtUtc)!)
            .OrderBy(r => r.AtUtc).ToLookup(r => r.UserAadObjectId, StringComparer.Ordinal);
    }
}
