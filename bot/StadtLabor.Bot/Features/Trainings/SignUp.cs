using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings.Calendar;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Anmelden" / "Auf die Warteliste": a free seat is booked at once, otherwise the person joins the end of the
/// line. Under the session lock, so 50 people clicking for 10 seats get exactly 10 bookings and a waitlist in the
/// order they arrived. A second click (or Teams delivering the same click again) finds the row and changes nothing.
/// A booking or waitlist place also leaves a message in the person's chat (<see cref="SeatReceipts"/>).
/// </summary>
public sealed class SignUp(LabDbContext db, SessionView view, SeatReceipts receipts, TrainingCalendar calendar, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);

        SeatOutcome outcome;
        await using (var locked = await SessionLock.EnterAsync(db, sessionId, ct))
        {
            if (locked is null) return TrainingAnswers.BadRequest(turn);
            outcome = await SignUpAsync(locked.Session, person, ct);
            if (outcome is SeatOutcome.Booked) await calendar.ChangedAsync(locked.Session, ct);
            await locked.CommitAsync(ct);
        }
        return await view.DetailCardAsync(turn, sessionId, outcome, ct);
    }

    private async Task<SeatOutcome> SignUpAsync(TrainingSession session, Person person, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (session.Status == SessionStatus.Cancelled) return new SeatOutcome.SessionCancelled();
        if (session.StartsAtUtc <= now) return new SeatOutcome.SessionStarted();

        var mine = await Seats.RegistrationAsync(db, session.Id, person.AadObjectId, ct);
        if (mine is { Status: RegistrationStatus.Waitlisted })
            return new SeatOutcome.AlreadyWaitlisted(await Seats.PositionAsync(db, mine, ct));
        if (mine is { IsActive: true }) return new SeatOutcome.AlreadyBooked();

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
            return await ReceiptAsync(session, mine, new SeatOutcome.Booked(), ct);
        }
        mine.Status = RegistrationStatus.Waitlisted;
        mine.BookedAtUtc = null;
        mine.WaitlistSeq = await Seats.NextWaitlistSeqAsync(db, session.Id, ct);
        return await ReceiptAsync(session, mine, new SeatOutcome.Waitlisted(waiting + 1), ct);
    }

    private async Task<SeatOutcome> ReceiptAsync(TrainingSession session, Registration mine, SeatOutcome outcome, CancellationToken ct)
    {
        await receipts.SendAsync(session, mine, outcome, ct);
        return outcome;
    }
}
