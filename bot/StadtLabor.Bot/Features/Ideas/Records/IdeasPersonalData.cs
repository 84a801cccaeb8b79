using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Ideas.Records;

/// <summary>
/// "meine daten" for ideas: the ideas the person submitted (also anonymous ones: only they may see that they are
/// theirs), the ideas they support and, for a Lotse, what they did (history entries, ideas assigned to them, their
/// entry in the Lotsen directory). Erasing keeps the ideas (DESIGN: ideas are kept anonymised) but links nobody:
/// the author row goes (so no more messages), an idea left without a named author becomes anonymous, supports go
/// with their count, a Lotse's name and id leave the history and the assignments. Ideas whose cards change (who
/// submitted, who looks after it) are changed under the <see cref="IdeaLock"/>, so an open Lotsen card is stale and
/// the channel's card is redrawn without the name.
/// </summary>
public sealed class IdeasPersonalData(
    LabDbContext db, IdeaChannel channel, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies, TimeProvider time) : IPersonalData
{
    public const string Mine = "ideasMine";
    public const string Supports = "ideasSupports";
    public const string LotseWork = "ideasLotseWork";

    public IReadOnlyList<Type> Covers => [typeof(IdeaAuthor), typeof(IdeaSupport), typeof(IdeaEvent), typeof(Idea), typeof(IdeaLotse)];

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var days = options.Value.DaysFor<PurgeIdeas>(policies);
        return
        [
            new(Mine, await db.IdeaAuthors().CountAsync(a => a.UserAadObjectId == id, ct), days),
            new(Supports, await db.IdeaSupports().CountAsync(s => s.UserAadObjectId == id, ct), days),
            new(LotseWork, await LotseWorkCountAsync(id, ct), days),
        ];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var mine = await (from a in db.IdeaAuthors().AsNoTracking()
                          join i in db.Ideas().AsNoTracking() on a.IdeaId equals i.Id
                          where a.UserAadObjectId == id
                          orderby a.Id
                          select new { Author = a, i.Title, i.Status, i.SubmittedAtUtc, i.ClosedAtUtc }).ToListAsync(ct);
        var supports = await (from s in db.IdeaSupports().AsNoTracking()
                              join i in db.Ideas().AsNoTracking() on s.IdeaId equals i.Id
                              where s.UserAadObjectId == id
                              orderby s.Id
                              select new { s.IdeaId, i.Title, i.Status, s.Lang, s.CreatedAtUtc }).ToListAsync(ct);
        // The Lotse's own work: what they did, when and on which idea; never who submitted it or whom they assigned it to.
        var events = await (from e in db.IdeaEvents().AsNoTracking()
                            join i in db.Ideas().AsNoTracking() on e.IdeaId equals i.Id
                            where e.ActorAadObjectId == id || e.AssigneeAadObjectId == id
                            orderby e.Id
                            select new { e.IdeaId, i.Title, e.Kind, e.Public, e.Text, e.ActorAadObjectId, e.ActorName, e.AssigneeAadObjectId, e.AssigneeName, e.CreatedAtUtc })
            .ToListAsync(ct);
        var assigned = await db.Ideas().AsNoTracking().Where(i => i.AssignedAadObjectId == id).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.Title, i.AssignedName, i.Status }).ToListAsync(ct);
        var lotse = await db.IdeaLotsen().AsNoTracking().Where(l => l.UserAadObjectId == id).ToListAsync(ct);

        var records = new List<PersonalRecord>();
        records.AddRange(mine.Select(m => new PersonalRecord(Mine, new Dictionary<string, object?>
        {
            ["idea"] = m.Author.IdeaId,
            ["title"] = m.Title,
            ["status"] = m.Status.ToString(),
            ["anonymous"] = m.Author.Anonymous,
            ["name"] = m.Author.Name,
            ["aadObjectId"] = m.Author.UserAadObjectId,
            ["language"] = m.Author.Lang,
            ["cameWithMerge"] = m.Author.OriginalIdeaId != m.Author.IdeaId,
            ["submittedAtUtc"] = m.SubmittedAtUtc,
            ["closedAtUtc"] = m.ClosedAtUtc,
            ["createdAtUtc"] = m.Author.CreatedAtUtc,
        })));
        records.AddRange(supports.Select(s => new PersonalRecord(Supports, new Dictionary<string, object?>
        {
            ["idea"] = s.IdeaId,
            ["title"] = s.Title,
            ["status"] = s.Status.ToString(),
            ["language"] = s.Lang,
            ["createdAtUtc"] = s.CreatedAtUtc,
        })));
        foreach (var e in events)
        {
            var fields = new Dictionary<string, object?> { ["idea"] = e.IdeaId, ["title"] = e.Title, ["atUtc"] = e.CreatedAtUtc };
            if (e.ActorAadObjectId == id)
            {
                fields["action"] = e.Kind.ToString();
                fields["name"] = e.ActorName;
                if (e.Kind == IdeaEventKind.Comment) fields["comment"] = e.Text;
                if (e.Kind == IdeaEventKind.Comment) fields["public"] = e.Public;
            }
            else
            {
                fields["action"] = "assignedToYou";
                fields["name"] = e.AssigneeName;
            }
            records.Add(new PersonalRecord(LotseWork, fields));
        }
        records.AddRange(assigned.Select(a => new PersonalRecord(LotseWork, new Dictionary<string, object?>
        {
            ["idea"] = a.Id,
            ["title"] = a.Title,
            ["action"] = "lookingAfter",
            ["name"] = a.AssignedName,
            ["status"] = a.Status.ToString(),
        })));
        records.AddRange(lotse.Select(l => new PersonalRecord(LotseWork, new Dictionary<string, object?>
        {
            ["action"] = "lotsenDirectory",
            ["name"] = l.Name,
            ["aadObjectId"] = l.UserAadObjectId,
            ["lastSeenAtUtc"] = l.LastSeenAtUtc,
        })));
        return records;
    }

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        int authors = 0, supports = 0, unassigned = 0;
        var ideaIds = await db.IdeaAuthors().Where(a => a.UserAadObjectId == id).Select(a => a.IdeaId)
            .Union(db.Ideas().Where(i => i.AssignedAadObjectId == id).Select(i => i.Id))
            .ToListAsync(ct);
        await using (var locked = await IdeaLock.EnterAllAsync(db, ideaIds, ct))
        {
            if (locked is not null)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var mine = await db.IdeaAuthors().Where(a => a.UserAadObjectId == id).ToListAsync(ct);
                db.IdeaAuthors().RemoveRange(mine);
                authors = mine.Count;
                var mineIds = mine.Select(a => a.IdeaId).ToHashSet();
                // Another named author (one who came with a merge) may still be named; otherwise the idea names nobody.
                var stillNamed = await db.IdeaAuthors().Where(a => mineIds.Contains(a.IdeaId) && a.UserAadObjectId != id && !a.Anonymous)
                    .Select(a => a.IdeaId).Distinct().ToListAsync(ct);
                foreach (var idea in locked.All.Values)
                {
                    if (mineIds.Contains(idea.Id) && !stillNamed.Contains(idea.Id)) idea.Anonymous = true;
                    if (idea.AssignedAadObjectId == id)
                    {
                        idea.AssignedAadObjectId = null;
                        idea.AssignedName = null;
                        unassigned++;
                    }
                    idea.UpdatedAtUtc = now;
                }
                await db.SaveChangesAsync(ct);
                foreach (var idea in locked.All.Values) await channel.RefreshAsync(idea, ct);
                await locked.CommitAsync(ct);
            }
        }

        // Supports take no idea lock (IdeaSupporting): the row and the count move together, one idea at a time.
        foreach (var ideaId in await db.IdeaSupports().Where(s => s.UserAadObjectId == id).Select(s => s.IdeaId).ToListAsync(ct))
        {
            await using var tx = await LabTransaction.BeginAsync(db, ct);
            var removed = await db.IdeaSupports().Where(s => s.IdeaId == ideaId && s.UserAadObjectId == id).ExecuteDeleteAsync(ct);
            if (removed == 1)
                await db.Ideas().Where(i => i.Id == ideaId).ExecuteUpdateAsync(s => s.SetProperty(i => i.SupportCount, i => i.SupportCount - 1), ct);
            await tx.CommitAsync(ct);
            supports += removed;
        }

        var work = await EraseLotseWorkAsync(id, ct);
        return
        [
            new(Mine, 0, authors, authors > 0 ? "ideasAnonymous" : null),
            new(Supports, supports),
            new(LotseWork, work.Removed, work.Kept + unassigned, work.Kept + unassigned > 0 ? "ideasLotseStays" : null),
        ];
    }

    /// <summary>
    /// The history stays (what happened to an idea, for its people and the figures) but no longer says who did it;
    /// emptying these columns changes nothing a Lotsen card decides on, so it needs no idea lock. The directory entry goes.
    /// </summary>
    private async Task<(int Removed, int Kept)> EraseLotseWorkAsync(string id, CancellationToken ct)
    {
        var kept = await db.IdeaEvents().Where(e => e.ActorAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorAadObjectId, (string?)null).SetProperty(e => e.ActorName, ""), ct);
        kept += await db.IdeaEvents().Where(e => e.AssigneeAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.AssigneeAadObjectId, (string?)null).SetProperty(e => e.AssigneeName, ""), ct);
        var removed = await db.IdeaLotsen().Where(l => l.UserAadObjectId == id).ExecuteDeleteAsync(ct);
        return (removed, kept);
    }

    private async Task<int> LotseWorkCountAsync(string id, CancellationToken ct) =>
        await db.IdeaEvents().CountAsync(e => e.ActorAadObjectId == id, ct)
        + await db.IdeaEvents().CountAsync(e => e.AssigneeAadObjectId == id, ct)
        + await db.Ideas().CountAsync(i => i.AssignedAadObjectId == id, ct)
        + await db.IdeaLotsen().CountAsync(l => l.UserAadObjectId == id, ct);
}
