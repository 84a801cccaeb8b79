using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Abmelden" / "Warteliste verlassen". A booked seat can be given back until the cancel deadline, and goes to the
/// first in line as an offer in the same transaction. Leaving the waitlist is possible until the start. After the
/// deadline nothing changes and the card says whom to tell.
/// </summary>
public sealed class CancelSignUp(LabDbContext db, Waitlist waitlist, SessionView view, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);

        SeatOutcome outcome;
        await using (var locked = await SessionLock.EnterAsync(db, sessionId, ct))
        {
            if (locked is null) return TrainingAnswers.BadRequest(turn);
            outcome = await CancelAsync(locked.Session, person, ct);
            await locked.CommitAsync(ct);
        }
        return await view.DetailCardAsync(turn, sessionId, outcome, ct);
    }

    private async Task<SeatOutcome> CancelAsync(TrainingSession session, Person person, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await Seats.RegistrationAsync(db, session.Id, person.AadObjectId, ct);
        if (mine is not { IsActive: true }) return new SeatOutcome.NotRegistered();
        if (session.StartsAtUtc <= now) return new SeatOutcome.SessionStarted();

        switch (mine.Status)
        {
            case RegistrationStatus.Booked:
                var deadline = view.CancelDeadline(session);
                if (now >= deadline) return new SeatOutcome.TooLateToCancel(deadline);
                Seats.Leave(mine, RegistrationStatus.Cancelled, now);
                await waitlist.OfferFreeSeatsAsync(session, ct);
                return new SeatOutcome.Cancelled();
            case RegistrationStatus.Offered:
                Seats.Leave(mine, RegistrationStatus.Declined, now);
                await waitlist.OfferFreeSeatsAsync(session, ct);
                return new SeatOutcome.Declined();
            default:
                Seats.Leave(mine, RegistrationStatus.Cancelled, now);
                return new SeatOutcome.LeftWaitlist();
        }
    }
}
