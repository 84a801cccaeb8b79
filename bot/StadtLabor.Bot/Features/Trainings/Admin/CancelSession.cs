using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Absagen" (trainings.cancelSession) asks first, naming how many people it affects; "Ja, absagen"
/// (trainings.cancelSessionConfirmed) cancels the session and every booking, offer and waitlist place under the
/// session lock and tells each of those people. A second confirmation finds the session cancelled and changes nothing.
/// </summary>
public sealed class CancelSession(
    LabDbContext db, SeatChange seats, Waitlist waitlist, SessionNotices notices, SessionView view, ManageTrainings manage,
    TimeProvider time) : IVerbHandler
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
        var affected = await db.TrainingRegistrations().CountAsync(r => r.SessionId == sessionId && (r.Status == RegistrationStatus.Booked
            || r.Status == RegistrationStatus.Offered || r.Status == RegistrationStatus.Waitlisted), ct);
        return new VerbResult.Card(turn.Card("trainings/confirmCancel", new JsonObject
        {
            ["session"] = view.Summary(session, await view.ToolNameAsync(session.ToolId, ct), turn.Lang),
            ["affected"] = turn.Format("trainingsAdmin.confirm.affected", affected),
        }));
    }

    private async Task<VerbResult> CancelAsync(TurnContext turn, long sessionId, CancellationToken ct)
    {
        var notice = await seats.RunAsync(sessionId, async session =>
        {
            if (session.Status == SessionStatus.Cancelled) return turn.Word("trainingsAdmin.done.alreadyCancelled");
            var now = time.GetUtcNow().UtcDateTime;
            var people = await db.TrainingRegistrations()
                .Where(r => r.SessionId == session.Id && (r.Status == RegistrationStatus.Booked
                    || r.Status == RegistrationStatus.Offered || r.Status == RegistrationStatus.Waitlisted))
                .OrderBy(r => r.Id).ToListAsync(ct);
            session.Status = SessionStatus.Cancelled;
            session.UpdatedAtUtc = now;
            foreach (var person in people) CancelSignUp.Leave(person, RegistrationStatus.Cancelled, now);
            // A session is cancelled once, so the key needs no change counter.
            await notices.TellAsync(session, people, "sessionCancelled", "once", "trainingsAdmin.notice.cancelled", ct);
            // Offers nothing for a cancelled session; called so the seat rule holds in one place.
            await waitlist.OfferFreeSeatsAsync(session, ct);
            return turn.Format("trainingsAdmin.done.cancelled", people.Count);
        }, ct);
        if (notice is null) return TrainingAnswers.BadRequest(turn);
        return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, notice, ct)));
    }
}
