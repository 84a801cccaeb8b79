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
        if (CheckReason(status, reason) is not TriageText.Fine and var problem)
        {
            var error = problem == TriageText.Missing ? turn.Word("ideasTriage.show.reasonError") : turn.Format("ideasTriage.show.reasonTooLong", IdeaLimits.Comment);
            return await reply.AnswerAsync(turn, ideaId, TriageNotice.None, ct, new TriageState(ReasonError: error, Reason: reason));
        }
        if (await ChangeAsync(person, ideaId, version, status, reason, ct) is not { } outcome) return TriageAnswers.BadRequest(turn);
        return await reply.AnswerAsync(turn, ideaId, outcome.Notice, ct);
    }

    /// <summary>A rejection needs a reason (the submitter reads it); no reason may be longer than a comment.</summary>
    public static TriageText CheckReason(IdeaStatus status, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length > IdeaLimits.Comment) return TriageText.TooLong;
        return status == IdeaStatus.Rejected && reason.Trim().Length == 0 ? TriageText.Missing : TriageText.Fine;
    }

    /// <summary>
    /// The change itself, for the card and the ideas board (the reason checked with <see cref="CheckReason"/> first; it
    /// goes to the idea's people with the status). Null: no such idea.
    /// </summary>
    public async Task<TriageOutcome?> ChangeAsync(Person person, long ideaId, int version, IdeaStatus status, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(reason);
        await using var locked = await IdeaLock.EnterAsync(db, ideaId, ct);
        if (locked is null) return null;
        var idea = locked.Idea;
        if (idea.Status == status) return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.alreadyStatus", ideaId, status));
        if (locked.VersionBefore != version) return TriageOutcome.Not(TriageNotice.StaleCard);
        if (idea.Status.IsClosed()) return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.closed", ideaId));
        if (!TriageRules.Allows(idea.Status, status)) return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.notAllowed", idea.Status, status));

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
        return TriageOutcome.Did(TriageNotice.Of("ideasTriage.done.status", ideaId, status));
    }
}
