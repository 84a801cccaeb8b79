using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Absagen" (trainings.cancelSession) asks first, naming the session and how many people are told; "Ja, Termin absagen"
/// (trainings.cancelSessionConfirmed) cancels the session and every booking, offer and waitlist place under the
/// session lock and tells each of those people. A second confirmation finds the session cancelled and changes nothing.
/// </summary>
public sealed class CancelSession(
    LabDbContext db, Waitlist waitlist, SessionNotices notices, SessionView view, SessionOverview manage,
    TrainingCalendar calendar, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        return turn.Verb == "trainings.cancelSessionConfirmed" ? await CancelAsync(turn, sessionId, ct) : await AskAsync(turn, sessionId, ct);
    }

    private async Task<VerbResult> AskAsync(TurnContext turn, long sessionId, CancellationToken ct)
    {
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return TrainingAnswers.BadRequest(turn);
        if (session.Status == SessionStatus.Cancelled)
            return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, turn.Word("trainingsAdmin.done.alreadyCancelled"), ct)));
        var affected = await db.TrainingRegistrations().Where(r => r.SessionId == sessionId).CountAsync(SeatRule.Active, ct);
        var day = Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(session.StartsAtUtc)), time.GetUtcNow().UtcDateTime);
        return new VerbResult.Card(turn.Card("trainings/confirmCancel", new JsonObject
        {
            ["heading"] = turn.Format("trainingsAdmin.confirm.title", CardText.Plain(session.Title), day),
            ["session"] = view.Summary(session, await view.ToolNameAsync(session.ToolId, ct), turn.Lang),
            ["affected"] = affected switch
            {
                0 => turn.Word("trainingsAdmin.confirm.affected.none"),
                1 => turn.Word("trainingsAdmin.confirm.affected.one"),
                _ => turn.Format("trainingsAdmin.confirm.affected.other", affected),
            },
        }));
    }

    private async Task<VerbResult> CancelAsync(TurnContext turn, long sessionId, CancellationToken ct)
    {
        var notice = await CancelAsync(sessionId, ct) switch
        {
            CancelOutcome.NotFound => null,
            CancelOutcome.Cancelled cancelled => turn.Format("trainingsAdmin.done.cancelled", cancelled.Told),
            _ => turn.Word("trainingsAdmin.done.alreadyCancelled"),
        };
        if (notice is null) return TrainingAnswers.BadRequest(turn);
        return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, notice, ct)));
    }

    /// <summary>The confirmed cancellation, for the card and the intranet page alike.</summary>
    public async Task<CancelOutcome> CancelAsync(long sessionId, CancellationToken ct)
    {
        await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
        if (locked is null) return new CancelOutcome.NotFound();
        var outcome = await CancelEveryoneAsync(locked.Session, ct);
        if (outcome is CancelOutcome.Cancelled) await calendar.ChangedAsync(locked.Session, ct);
        await locked.CommitAsync(ct);
        return outcome;
    }

    private async Task<CancelOutcome> CancelEveryoneAsync(TrainingSession session, CancellationToken ct)
    {
        if (session.Status == SessionStatus.Cancelled) return new CancelOutcome.AlreadyCancelled();
        var now = time.GetUtcNow().UtcDateTime;
        var people = await db.TrainingRegistrations()
            .Where(r => r.SessionId == session.Id).Where(SeatRule.Active)
            .OrderBy(r => r.Id).ToListAsync(ct);
        session.Status = SessionStatus.Cancelled;
        session.UpdatedAtUtc = now;
        foreach (var person in people) Seats.Leave(person, RegistrationStatus.Cancelled, now);
        // A session is cancelled once, so the key needs no change counter.
        await notices.TellAsync(session, people, "sessionCancelled", "once", "trainingsAdmin.notice.cancelled", ct);
        // Offers nothing for a cancelled session; called so the seat rule holds in one place.
        await waitlist.OfferFreeSeatsAsync(session, ct);
        return new CancelOutcome.Cancelled(people.Count);
    }
}

/// <summary>What a confirmed cancellation came to; <see cref="Cancelled.Told"/> people get a message.</summary>
public abstract record CancelOutcome
{
    public sealed record NotFound : CancelOutcome;

    public sealed record AlreadyCancelled : CancelOutcome;

    public sealed record Cancelled(int Told) : CancelOutcome;
}
