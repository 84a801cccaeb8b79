using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Abmelden" / "Warteliste verlassen". A booked seat can be given back until the cancel deadline, and goes to the
/// first in line as an offer in the same transaction. Leaving the waitlist is possible until the start. After the
/// deadline nothing changes and the card says whom to tell.
/// </summary>
public sealed class CancelSignUp(LabDbContext db, SeatButton button, Waitlist waitlist, SessionView view, TimeProvider time) : IVerbHandler
{
    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        button.RunAsync(turn, data, (session, person) => CancelAsync(session, person, turn, ct), ct);

    private async Task<string> CancelAsync(TrainingSession session, Person person, TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await db.TrainingRegistrations()
            .SingleOrDefaultAsync(r => r.SessionId == session.Id && r.UserAadObjectId == person.AadObjectId, ct);
        if (mine is not { IsActive: true }) return turn.Word("trainings.done.notRegistered");
        if (session.StartsAtUtc <= now) return turn.Word("trainings.done.sessionStarted");

        switch (mine.Status)
        {
            case RegistrationStatus.Booked:
                var deadline = view.CancelDeadline(session);
                if (now >= deadline)
                    return turn.Format("trainings.explain.cancelTooLate", TrainingTime.Moment(turn.Lang, deadline), view.Contact);
                Leave(mine, RegistrationStatus.Cancelled, now);
                await waitlist.OfferFreeSeatsAsync(session, ct);
                return turn.Word("trainings.done.cancelled");
            case RegistrationStatus.Offered:
                Leave(mine, RegistrationStatus.Declined, now);
                await waitlist.OfferFreeSeatsAsync(session, ct);
                return turn.Word("trainings.done.declined");
            default:
                Leave(mine, RegistrationStatus.Cancelled, now);
                return turn.Word("trainings.done.leftWaitlist");
        }
    }

    internal static void Leave(Registration r, RegistrationStatus status, DateTime now)
    {
        r.Status = status;
        r.BookedAtUtc = null;
        r.OfferExpiresAtUtc = null;
        r.UpdatedAtUtc = now;
    }
}
