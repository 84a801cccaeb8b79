using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Platz übernehmen" and "Ablehnen" on an offer card. Only the person the seat is held for can take it, and only
/// while the offer holds; an offer that has just run out is expired here and passed on, as the job would.
/// Accepting twice (Teams re-delivers) finds the seat already booked.
/// </summary>
public sealed class AnswerOffer(LabDbContext db, SeatButton button, Waitlist waitlist, TimeProvider time) : IVerbHandler
{
    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var accept = turn.Verb == "trainings.accept";
        return button.RunAsync(turn, data, (session, person) => AnswerAsync(session, person, accept, turn, ct), ct);
    }

    private async Task<string> AnswerAsync(TrainingSession session, Person person, bool accept, TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await db.TrainingRegistrations()
            .SingleOrDefaultAsync(r => r.SessionId == session.Id && r.UserAadObjectId == person.AadObjectId, ct);
        if (mine is { Status: RegistrationStatus.Booked }) return turn.Word(accept ? "trainings.done.already" : "trainings.done.offerGone");
        if (mine is not { Status: RegistrationStatus.Offered }) return turn.Word("trainings.done.offerGone");

        if (mine.OfferExpiresAtUtc <= now || session.StartsAtUtc <= now || session.Status != SessionStatus.Published)
        {
            await waitlist.ExpireAsync(session, mine, ct);
            return turn.Word("trainings.done.offerGone");
        }
        if (!accept)
        {
            CancelSignUp.Leave(mine, RegistrationStatus.Declined, now);
            await waitlist.OfferFreeSeatsAsync(session, ct);
            return turn.Word("trainings.done.declined");
        }
        mine.Status = RegistrationStatus.Booked;
        mine.BookedAtUtc = now;
        mine.OfferExpiresAtUtc = null;
        mine.UpdatedAtUtc = now;
        return turn.Word("trainings.done.accepted");
    }
}
