using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// A status button of the triage card (ideasTriage.status {ideaId, version, status, reason?}): only the steps
/// <see cref="TriageRules"/> allows, a rejection only with a reason (it goes to the submitter). Under the
/// <see cref="IdeaLock"/>: the same click again finds the status set and changes nothing; a stale card changes nothing.
/// The change is told to every author and supporter (<see cref="IdeaNotices"/>) and counts as the first public answer.
/// </summary>
public sealed class ChangeStatus(LabDbContext db, LotsenDirectory lotsen, IdeaChannel channel, IdeaNotices notices, TriageReply reply,
    TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId) || CardInput.WholeNumber(data, "version") is not { } version
            || TriageRules.Parse(CardInput.Text(data, "status")) is not { } status)
            return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        var reason = status == IdeaStatus.Rejected ? CardInput.Text(data, "reason") : "";
        if (status == IdeaStatus.Rejected && (reason.Length == 0 || reason.Length > IdeaLimits.Comment))
        {
            var error = reason.Length == 0 ? turn.Word("ideasTriage.show.reasonError") : turn.Format("ideasTriage.show.reasonTooLong", IdeaLimits.Comment);
            return await reply.AnswerAsync(turn, ideaId, TriageNotice.None, ct, new TriageState(ReasonError: error, Reason: reason));
        }

        TriageNotice notice;
        await using (var locked = await IdeaLock.EnterAsync(db, ideaId, ct))
        {
            if (locked is null) return TriageAnswers.BadRequest(turn);
            var idea = locked.Idea;
            if (idea.Status == status) notice = TriageNotice.Of("ideasTriage.done.alreadyStatus", ideaId, status);
            else if (locked.VersionBefore != version) notice = TriageNotice.StaleCard;
            else if (idea.Status.IsClosed()) notice = TriageNotice.Of("ideasTriage.done.closed", ideaId);
            else if (!TriageRules.Allows(idea.Status, status)) notice = TriageNotice.Of("ideasTriage.done.notAllowed", idea.Status, status);
            else
            {
                var now = time.GetUtcNow().UtcDateTime;
                var change = new IdeaEvent
                {
                    IdeaId = idea.Id,
                    Kind = IdeaEventKind.StatusChanged,
                    Public = true,
                    FromStatus = idea.Status,
                    ToStatus = status,
                    Text = reason,
                    ActorAadObjectId = person.AadObjectId,
                    ActorName = person.Name,
                    CreatedAtUtc = now,
                };
                idea.Status = status;
                idea.UpdatedAtUtc = now;
                idea.FirstPublicAnswerAtUtc ??= now;
                if (status.IsClosed()) idea.ClosedAtUtc = now;
                db.IdeaEvents().Add(change);
                await db.SaveChangesAsync(ct);
                await notices.SendAsync(idea, change, ct);
                await channel.RefreshAsync(idea, ct);
                await locked.CommitAsync(ct);
                notice = TriageNotice.Of("ideasTriage.done.status", ideaId, status);
            }
        }
        return await reply.AnswerAsync(turn, ideaId, notice, ct);
    }
}
