using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// "Mir zuweisen" and "Jemand anderem zuweisen" (ideasTriage.assign {ideaId, version, lotseId?}), from the triage card
/// or the Lotsen channel's card. Under the <see cref="IdeaLock"/>: the same click again (Teams re-delivers) finds the
/// idea assigned already and changes nothing; a card older than the idea (a colleague was quicker) changes nothing
/// and shows the new state with who changed it. Another Lotse must be one the directory knows (a payload naming
/// anyone else is refused). An assignment is internal: the idea's people are not told.
/// </summary>
public sealed class AssignIdea(LabDbContext db, LotsenDirectory lotsen, IdeaChannel channel, TriageReply reply, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId) || CardInput.WholeNumber(data, "version") is not { } version)
            return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        var (assigneeId, assigneeName) = (person.AadObjectId, person.Name);
        if (CardInput.Text(data, "lotseId") is { Length: > 0 } lotseId && lotseId != person.AadObjectId)
        {
            var other = await db.IdeaLotsen().AsNoTracking().Where(l => l.UserAadObjectId == lotseId)
                .Select(l => new { l.UserAadObjectId, l.Name }).FirstOrDefaultAsync(ct);
            if (other is null) return TriageAnswers.BadRequest(turn);
            (assigneeId, assigneeName) = (other.UserAadObjectId, other.Name);
        }

        TriageNotice notice;
        await using (var locked = await IdeaLock.EnterAsync(db, ideaId, ct))
        {
            if (locked is null) return TriageAnswers.BadRequest(turn);
            var idea = locked.Idea;
            if (idea.AssignedAadObjectId == assigneeId) notice = TriageNotice.Of("ideasTriage.done.alreadyAssigned", ideaId, idea.AssignedName);
            else if (locked.VersionBefore != version) notice = TriageNotice.StaleCard;
            else if (idea.Status.IsClosed()) notice = TriageNotice.Of("ideasTriage.done.closed", ideaId);
            else
            {
                var now = time.GetUtcNow().UtcDateTime;
                idea.AssignedAadObjectId = assigneeId;
                idea.AssignedName = assigneeName;
                idea.UpdatedAtUtc = now;
                db.IdeaEvents().Add(new IdeaEvent
                {
                    IdeaId = idea.Id,
                    Kind = IdeaEventKind.Assigned,
                    ActorAadObjectId = person.AadObjectId,
                    ActorName = person.Name,
                    AssigneeAadObjectId = assigneeId,
                    AssigneeName = assigneeName,
                    CreatedAtUtc = now,
                });
                await channel.RefreshAsync(idea, ct);
                await locked.CommitAsync(ct);
                notice = assigneeId == person.AadObjectId
                    ? TriageNotice.Of("ideasTriage.done.assignedMe", ideaId)
                    : TriageNotice.Of("ideasTriage.done.assigned", ideaId, assigneeName);
            }
        }
        return await reply.AnswerAsync(turn, ideaId, notice, ct);
    }
}
