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
        if (await AssignAsync(person, ideaId, version, CardInput.Text(data, "lotseId"), ct) is not { } outcome) return TriageAnswers.BadRequest(turn);
        return await reply.AnswerAsync(turn, ideaId, outcome.Notice, ct);
    }

    /// <summary>
    /// The assignment itself, for the card and the ideas board: to <paramref name="lotseId"/> (a Lotse the directory
    /// knows) or, when empty, to <paramref name="person"/>. Null: no such idea, or a Lotse nobody knows.
    /// </summary>
    public async Task<TriageOutcome?> AssignAsync(Person person, long ideaId, int version, string? lotseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (assigneeId, assigneeName) = (person.AadObjectId, person.Name);
        if (lotseId is { Length: > 0 } && lotseId != person.AadObjectId)
        {
            var other = await db.IdeaLotsen().AsNoTracking().Where(l => l.UserAadObjectId == lotseId)
                .Select(l => new { l.UserAadObjectId, l.Name }).FirstOrDefaultAsync(ct);
            if (other is null) return null;
            (assigneeId, assigneeName) = (other.UserAadObjectId, other.Name);
        }

        await using var locked = await IdeaLock.EnterAsync(db, ideaId, ct);
        if (locked is null) return null;
        var idea = locked.Idea;
        if (idea.AssignedAadObjectId == assigneeId) return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.alreadyAssigned", ideaId, idea.AssignedName));
        if (locked.VersionBefore != version) return TriageOutcome.Not(TriageNotice.StaleCard);
        if (idea.Status.IsClosed()) return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.closed", ideaId));

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
        return TriageOutcome.Did(assigneeId == person.AadObjectId
            ? TriageNotice.Of("ideasTriage.done.assignedMe", ideaId)
            : TriageNotice.Of("ideasTriage.done.assigned", ideaId, assigneeName));
    }
}
