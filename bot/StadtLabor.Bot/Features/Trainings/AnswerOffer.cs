using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Platz übernehmen" (trainings.accept) and "Angebot ablehnen" (trainings.decline) on an offer card. Only the person the
/// seat is held for can take it, and only while the offer holds; an offer that has just run out is expired here and
/// passed on, as the job would. Accepting twice (Teams re-delivers) finds the seat already booked. Taking or declining
/// the seat leaves a message in the person's chat (<see cref="SeatReceipts"/>).
/// </summary>
public sealed class AnswerOffer(LabDbContext db, Waitlist waitlist, SessionView view, SeatReceipts receipts, TrainingCalendar calendar, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        var accept = turn.Verb == "trainings.accept";

        if (await AnswerAsync(sessionId, person, accept, ct) is not { } outcome) return TrainingAnswers.BadRequest(turn);
        return await view.DetailCardAsync(turn, sessionId, outcome, ct);
    }

    /// <summary>Taking or declining, for the card and the page, under the session lock; null (nothing changed) when the session does not exist.</summary>
    public async Task<SeatOutcome?> AnswerAsync(long sessionId, Person person, bool accept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
        if (locked is null) return null;
        var outcome = await DecideAsync(locked.Session, person, accept, ct);
        if (outcome is SeatOutcome.Accepted) await calendar.ChangedAsync(locked.Session, ct);
        await locked.CommitAsync(ct);
        return outcome;
    }

    private async Task<SeatOutcome> DecideAsync(TrainingSession session, Person person, bool accept, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await Seats.RegistrationAsync(db, session.Id, person.AadObjectId, ct);
        if (mine is { Status: RegistrationStatus.Booked }) return accept ? new SeatOutcome.AlreadyBooked() : new SeatOutcome.OfferGone();
        if (mine is not { Status: RegistrationStatus.Offered }) return new SeatOutcome.OfferGone();

        if (mine.OfferExpiresAtUtc <= now || session.StartsAtUtc <= now || session.Status != SessionStatus.Published)
        {
            await waitlist.ExpireAsync(session, mine, ct);
            return new SeatOutcome.OfferGone();
        }
        mine.Lang = person.Lang;
        SeatOutcome outcome;
        if (!accept)
        {
            Seats.Leave(mine, RegistrationStatus.Declined, now);
            outcome = new SeatOutcome.Declined(await waitlist.OfferFreeSeatsAsync(session, ct) > 0);
        }
        else
        {
            mine.Status = RegistrationStatus.Booked;
            mine.BookedAtUtc = now;
            mine.OfferExpiresAtUtc = null;
            mine.UpdatedAtUtc = now;
            outcome = new SeatOutcome.Accepted();
        }
        await receipts.SendAsync(session, mine, outcome, ct);
        return outcome;
    }
}
