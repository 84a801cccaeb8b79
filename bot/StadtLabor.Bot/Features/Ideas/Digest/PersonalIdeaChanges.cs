using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Digest;

/// <summary>One line of a person's digest from the ideas: their idea changed status.</summary>
public sealed record PersonalIdeaChange(string UserAadObjectId, long IdeaId, string Title, IdeaStatus Status, DateTime AtUtc);

/// <summary>
/// For the personal digest: per author, the public status changes of their own ideas since the last edition. Only
/// the author's own ideas and only public events, so nothing names anyone else (and an anonymous author is the reader).
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
        }
        // The latest change per idea is what the reader needs; the history is on the idea's card.
        return rows.GroupBy(r => (r.UserAadObjectId, r.IdeaId)).Select(g => g.MaxBy(r => r.AtUtc)!)
            .OrderBy(r => r.AtUtc).ToLookup(r => r.UserAadObjectId, StringComparer.Ordinal);
    }
}
