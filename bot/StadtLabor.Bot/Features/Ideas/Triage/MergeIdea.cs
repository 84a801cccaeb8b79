using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// ideasTriage.merge {ideaId, version, targetId}: the idea goes into another open one ("zusammengeführt mit #N").
/// Both are locked (<see cref="IdeaLock.EnterAllAsync"/>, ascending ids). The source's authors become authors of
/// the target as they were (an anonymous one stays anonymous, with no name; their original idea kept), its supporters
/// move over (not twice, and not someone who is an author there), both support counts are counted again, and the
/// people of both ideas are told. The target's own anonymity is not touched. The same click again finds the source
/// merged into that target and changes nothing; a stale card changes nothing.
/// </summary>
public sealed class MergeIdea(LabDbContext db, LotsenDirectory lotsen, IdeaChannel channel, IdeaNotices notices, TriageReply reply,
    TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId) || CardInput.WholeNumber(data, "version") is not { } version)
            return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        if (await reply.FreshAsync(ideaId, ct) is not { } source) return TriageAnswers.BadRequest(turn);
        long? targetId = CardInput.TryGetId(data, "targetId", out var t) ? t : null;
        var target = targetId is { } id ? await db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) : null;
        var error = targetId is null ? turn.Word("ideasTriage.merge.targetError")
            : target is null ? turn.Word("ideasTriage.merge.targetMissing")
            : target.Id == ideaId ? turn.Word("ideasTriage.merge.targetSame")
            : target.Status.IsClosed() && !(source.Status == IdeaStatus.Merged && source.MergedIntoId == target.Id)
                ? turn.Format("ideasTriage.merge.targetClosed", target.Id)
            : "";
        if (error.Length > 0) return new VerbResult.Card(ShowMergeForm.Render(turn, source, targetId, error));

        TriageNotice notice;
        var answerId = ideaId;
        await using (var locked = await IdeaLock.EnterAllAsync(db, [ideaId, target!.Id], ct))
        {
            if (locked is null) return TriageAnswers.BadRequest(turn);
            var from = locked.All[ideaId];
            var into = locked.All[target.Id];
            if (from.Status == IdeaStatus.Merged && from.MergedIntoId == into.Id)
            {
                notice = TriageNotice.Of("ideasTriage.done.merged", ideaId, into.Id);
                answerId = into.Id;
            }
            else if (locked.VersionBefore != version) notice = TriageNotice.StaleCard;
            else if (from.Status.IsClosed()) notice = TriageNotice.Of("ideasTriage.done.closed", ideaId);
            else if (into.Status.IsClosed()) notice = TriageNotice.Of("ideasTriage.merge.targetClosed", into.Id);
            else
            {
                await MergeAsync(person, from, into, ct);
                await locked.CommitAsync(ct);
                notice = TriageNotice.Of("ideasTriage.done.merged", ideaId, into.Id);
                answerId = into.Id;
            }
        }
        return await reply.AnswerAsync(turn, answerId, notice, ct);
    }

    private async Task MergeAsync(Person person, Idea from, Idea into, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Who hears of what: the source's people that the merge moves, the target's people as they were.
        var movedPeople = await notices.PeopleAsync(from.Id, ct);
        var targetPeople = await notices.PeopleAsync(into.Id, ct);

        var targetAuthors = await db.IdeaAuthors().Where(a => a.IdeaId == into.Id).Select(a => a.UserAadObjectId).ToListAsync(ct);
        var authors = new HashSet<string>(targetAuthors, StringComparer.Ordinal);
        foreach (var a in await db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == from.Id).OrderBy(a => a.Id).ToListAsync(ct))
        {
            if (!authors.Add(a.UserAadObjectId)) continue;
            db.IdeaAuthors().Add(new IdeaAuthor
            {
                IdeaId = into.Id,
                UserAadObjectId = a.UserAadObjectId,
                TenantId = a.TenantId,
                Name = a.Anonymous ? "" : a.Name,
                Anonymous = a.Anonymous,
                Lang = a.Lang,
                OriginalIdeaId = a.OriginalIdeaId,
                CreatedAtUtc = now,
            });
        }
        var supporting = (await db.IdeaSupports().Where(s => s.IdeaId == into.Id).Select(s => s.UserAadObjectId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var s in await db.IdeaSupports().Where(s => s.IdeaId == from.Id).ToListAsync(ct))
        {
            db.IdeaSupports().Remove(s);
            if (authors.Contains(s.UserAadObjectId) || !supporting.Add(s.UserAadObjectId)) continue;
            db.IdeaSupports().Add(new IdeaSupport { IdeaId = into.Id, UserAadObjectId = s.UserAadObjectId, TenantId = s.TenantId, Lang = s.Lang, CreatedAtUtc = s.CreatedAtUtc });
        }
        // An author does not support their own idea: someone who supported the target and now co-authors it stops supporting it.
        foreach (var s in await db.IdeaSupports().Where(s => s.IdeaId == into.Id).ToListAsync(ct))
            if (authors.Contains(s.UserAadObjectId)) db.IdeaSupports().Remove(s);

        var away = new IdeaEvent
        {
            IdeaId = from.Id, Kind = IdeaEventKind.Merged, Public = true, FromStatus = from.Status, ToStatus = IdeaStatus.Merged,
            OtherIdeaId = into.Id, ActorAadObjectId = person.AadObjectId, ActorName = person.Name, CreatedAtUtc = now,
        };
        var joined = new IdeaEvent
        {
            IdeaId = into.Id, Kind = IdeaEventKind.Merged, Public = true, OtherIdeaId = from.Id,
            ActorAadObjectId = person.AadObjectId, ActorName = person.Name, CreatedAtUtc = now,
        };
        from.Status = IdeaStatus.Merged;
        from.MergedIntoId = into.Id;
        from.ClosedAtUtc = now;
        from.UpdatedAtUtc = now;
        from.FirstPublicAnswerAtUtc ??= now;
        into.UpdatedAtUtc = now;
        db.IdeaEvents().AddRange(away, joined);
        await db.SaveChangesAsync(ct);
        from.SupportCount = await db.IdeaSupports().CountAsync(s => s.IdeaId == from.Id, ct);
        into.SupportCount = await db.IdeaSupports().CountAsync(s => s.IdeaId == into.Id, ct);
        await notices.SendAsync(from, away, ct, movedPeople);
        await notices.SendAsync(into, joined, ct, targetPeople);
        await channel.RefreshAsync(from, ct);
        await channel.RefreshAsync(into, ct);
    }
}
