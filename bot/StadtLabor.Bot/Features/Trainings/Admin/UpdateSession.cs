using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Speichern" on the edit form. The same checks as for a new session, and the seats may not go below those taken
/// (counted under the session lock). A new time bumps ScheduleVersion (reminders follow the new time); a new time,
/// place or link is told to everyone booked, offered or waitlisted; more seats go to the waitlist at once.
/// </summary>
public sealed class UpdateSession(
    LabDbContext db, SessionFormCard formCard, Waitlist waitlist, SessionNotices notices, SessionOverview manage, TimeProvider time) : IVerbHandler
{
    private sealed record Outcome(List<FieldError> Errors, string Notice);

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        var form = SessionForm.Read(data);
        var now = time.GetUtcNow().UtcDateTime;
        // The day the session already has was decided before: a weekend or holiday is asked about only when it is new.
        var stored = await db.TrainingSessions().AsNoTracking().Where(s => s.Id == sessionId).Select(s => (DateTime?)s.StartsAtUtc).SingleOrDefaultAsync(ct);
        if (stored is null) return TrainingAnswers.BadRequest(turn);
        var check = form.Check(turn, now, DateOnly.FromDateTime(TrainingTime.ToBerlin(stored.Value)));
        if (check.Values is not { } values) return await FormAsync(turn, form, sessionId, check, ct);

        // Checked once before a new tool is created, so a refused edit leaves no tool behind; checked again under the lock.
        var takenNow = await Seats.TakenAsync(db, sessionId, ct);
        if (values.Capacity < takenNow)
            return await FormAsync(turn, form, sessionId, Refused("capacity", turn.Format("trainingsAdmin.error.capacityBelowTaken", takenNow)), ct);
        var toolId = await SessionFormTool.FindOrCreateAsync(db, values, now, ct);
        if (toolId is null) return await FormAsync(turn, form, sessionId, Refused("tool", turn.Word("trainingsAdmin.error.toolUnknown")), ct);

        Outcome outcome;
        await using (var locked = await SessionLock.EnterAsync(db, sessionId, ct))
        {
            if (locked is null) return TrainingAnswers.BadRequest(turn);
            outcome = await UpdateAsync(locked.Session, values, toolId.Value, turn, ct);
            await locked.CommitAsync(ct);
        }
        if (outcome.Errors.Count > 0) return await FormAsync(turn, form, sessionId, new(null, outcome.Errors, "", ""), ct);
        return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, outcome.Notice, ct)));
    }

    private async Task<Outcome> UpdateAsync(TrainingSession session, SessionValues values, long toolId, TurnContext turn, CancellationToken ct)
    {
        if (session.Status == SessionStatus.Cancelled) return new([], turn.Word("trainingsAdmin.done.cancelledNoEdit"));
        var taken = await Seats.TakenAsync(db, session.Id, ct);
        if (values.Capacity < taken) return new([new("capacity", turn.Format("trainingsAdmin.error.capacityBelowTaken", taken))], "");

        var timeChanged = session.StartsAtUtc != values.StartsAtUtc || session.EndsAtUtc != values.EndsAtUtc;
        var placeChanged = session.Place != values.Place || session.OnlineUrl != values.OnlineUrl;
        values.ApplyTo(session, toolId);
        session.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        if (timeChanged) session.ScheduleVersion++;

        var notice = new List<string> { turn.Word("trainingsAdmin.done.updated") };
        if (timeChanged || placeChanged)
        {
            var people = await db.TrainingRegistrations()
                .Where(r => r.SessionId == session.Id).Where(SeatRule.Active)
                .OrderBy(r => r.Id).ToListAsync(ct);
            // An open offer must not run past the new start, as when it was made (the change notice tells them).
            if (waitlist.OfferDeadline(session.UpdatedAtUtc, session.StartsAtUtc) is { } latest)
            {
                foreach (var offered in people.Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAtUtc > latest))
                    offered.OfferExpiresAtUtc = latest;
            }
            // The lock stamp is new for every change of this session, so each real change is told once; the same
            // submit delivered again finds nothing changed and tells nobody.
            await notices.TellAsync(session, people, "changed", session.LockStamp.ToString(CultureInfo.InvariantCulture),
                "trainingsAdmin.notice.changed", ct);
            if (people.Count > 0) notice.Add(turn.Format("trainingsAdmin.done.notified", people.Count));
        }
        // More seats (or the same): the next in line get offers now, in this transaction.
        await waitlist.OfferFreeSeatsAsync(session, ct);
        if (values.Announce)
        {
            var toolName = await db.TrainingTools().Where(t => t.Id == toolId).Select(t => t.Name).SingleAsync(ct);
            notice.Add(SessionNotices.AnnounceNotice(turn, await notices.AnnounceAsync(session, toolName, ct)));
        }
        return new([], string.Join(" ", notice.Where(n => n.Length > 0)));
    }

    private static FormCheck Refused(string field, string text) => new(null, [new FieldError(field, text)], "", "");

    private async Task<VerbResult> FormAsync(TurnContext turn, SessionForm form, long sessionId, FormCheck check, CancellationToken ct) =>
        new VerbResult.Card(await formCard.RenderAsync(turn, form, sessionId, check, ct));
}
