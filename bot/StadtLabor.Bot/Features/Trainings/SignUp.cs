using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Anmelden" / "Auf die Warteliste": a free seat is booked at once, otherwise the person joins the end of the
/// line. Under the session lock, so 50 people clicking for 10 seats get exactly 10 bookings and a waitlist in the
/// order they arrived. A second click (or Teams delivering the same click again) finds the row and changes nothing.
/// </summary>
public sealed class SignUp(LabDbContext db, SeatButton button, TimeProvider time) : IVerbHandler
{
    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        button.RunAsync(turn, data, (session, person) => SignUpAsync(session, person, turn, ct), ct);

    private async Task<string> SignUpAsync(TrainingSession session, Person person, TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (session.Status == SessionStatus.Cancelled) return turn.Word("trainings.done.sessionCancelled");
        if (session.StartsAtUtc <= now) return turn.Word("trainings.done.sessionStarted");

        var mine = await db.TrainingRegistrations()
            .SingleOrDefaultAsync(r => r.SessionId == session.Id && r.UserAadObjectId == person.AadObjectId, ct);
        if (mine is { Status: RegistrationStatus.Waitlisted })
            return turn.Format("trainings.done.alreadyWaitlisted", await Seats.PositionAsync(db, mine, ct));
        if (mine is { IsActive: true }) return turn.Word("trainings.done.already");

        if (mine is null)
        {
            mine = new Registration { SessionId = session.Id, UserAadObjectId = person.AadObjectId, CreatedAtUtc = now };
            db.TrainingRegistrations().Add(mine);
        }
        // Someone who cancelled earlier and comes back starts afresh (at the end of the line if it is full).
        mine.UserName = person.Name;
        mine.TenantId = person.TenantId;
        mine.Lang = person.Lang;
        mine.UpdatedAtUtc = now;
        mine.OfferExpiresAtUtc = null;
        mine.Attendance = Attendance.Unknown;

        var taken = await Seats.TakenAsync(db, session.Id, ct);
        var waiting = await Seats.WaitingAsync(db, session.Id, ct);
        if (taken < session.Capacity && waiting == 0)
        {
            mine.Status = RegistrationStatus.Booked;
            mine.BookedAtUtc = now;
            return turn.Word("trainings.done.booked");
        }
        mine.Status = RegistrationStatus.Waitlisted;
        mine.BookedAtUtc = null;
        mine.WaitlistSeq = await Seats.NextWaitlistSeqAsync(db, session.Id, ct);
        return turn.Format("trainings.done.waitlisted", waiting + 1);
    }
}
