using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Platz freigeben" / "Warteliste verlassen" (trainings.cancel). It asks first: without <c>confirmed: true</c> the
/// answer is a question naming the session and day and saying what happens next (only a real waitlist is mentioned),
/// and nothing changes; so does a card sent before the question existed. Confirmed, a booked seat is given back until
/// the cancel deadline and goes to the first in line as an offer in the same transaction; leaving the waitlist is
/// possible until the start. After the deadline nothing changes and the card says whom to tell.
/// No undo: a seat given back is offered to the waitlist at once, so taking it back would take it from someone
/// already told; with nobody waiting, "Anmelden" on the refreshed card is the undo.
/// </summary>
public sealed class CancelSignUp(LabDbContext db, Waitlist waitlist, SessionView view, SeatReceipts receipts, TrainingCalendar calendar, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        if (!CardInput.Flag(data, "confirmed")) return await AskAsync(turn, sessionId, person, ct);

        if (await ConfirmedAsync(sessionId, person, ct) is not { } outcome) return TrainingAnswers.BadRequest(turn);
        return await view.DetailCardAsync(turn, sessionId, outcome, ct);
    }

    /// <summary>
    /// The cancel itself, after "Ja" on the card or the page's confirmed button: under the session lock, with the
    /// same refusals; null (nothing changed) when the session does not exist.
    /// </summary>
    public async Task<SeatOutcome?> ConfirmedAsync(long sessionId, Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
        if (locked is null) return null;
        var outcome = await CancelAsync(locked.Session, person, ct);
        if (outcome is SeatOutcome.Cancelled) await calendar.ChangedAsync(locked.Session, ct);
        await locked.CommitAsync(ct);
        return outcome;
    }

    /// <summary>Why nothing can be cancelled now (the detail card says it), or null when a cancel would go ahead.</summary>
    private SeatOutcome? Refusal(TrainingSession session, Registration? mine, DateTime now)
    {
        if (mine is not { IsActive: true }) return new SeatOutcome.NotRegistered();
        if (session.StartsAtUtc <= now) return new SeatOutcome.SessionStarted();
        var deadline = view.CancelDeadline(session);
        return mine.Status == RegistrationStatus.Booked && now >= deadline ? new SeatOutcome.TooLateToCancel(deadline) : null;
    }

    private async Task<VerbResult> AskAsync(TurnContext turn, long sessionId, Person person, CancellationToken ct)
    {
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return TrainingAnswers.BadRequest(turn);
        var mine = await db.TrainingRegistrations().AsNoTracking()
            .SingleOrDefaultAsync(r => r.SessionId == sessionId && r.UserAadObjectId == person.AadObjectId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (Refusal(session, mine, now) is { } refusal) return await view.DetailCardAsync(turn, sessionId, refusal, ct);

        var waiting = await Seats.WaitingAsync(db, sessionId, ct); // a snapshot; the answer after "Ja" says what really happened
        var lang = turn.Lang;
        var summary = view.Summary(session, await view.ToolNameAsync(session.ToolId, ct), lang);
        var day = Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(session.StartsAtUtc)), now);
        var title = summary["title"]!.ToString();
        var lines = new List<string>();
        string kind;
        switch (mine!.Status)
        {
            case RegistrationStatus.Waitlisted:
                kind = "Waitlist";
                lines.Add(turn.Format("trainings.release.waitlistPlace", await Seats.PositionAsync(db, mine, ct)));
                lines.Add(turn.Word("trainings.release.rebookWaitlist"));
                break;
            default:
                kind = mine.Status == RegistrationStatus.Offered ? "Offer" : "Seat";
                if (mine.Status == RegistrationStatus.Offered)
                    lines.Add(turn.Format("trainings.release.offerHeld", TrainingTime.Moment(lang, mine.OfferExpiresAtUtc ?? session.StartsAtUtc)));
                lines.Add(turn.Word(waiting > 0 ? "trainings.release.passedOn" : "trainings.release.freed"));
                lines.Add(turn.Word(waiting > 0 ? "trainings.release.rebookWaitlist" : "trainings.release.rebookFree"));
                break;
        }
        return new VerbResult.Card(turn.Card("trainings/confirmSeatCancel", new JsonObject
        {
            ["session"] = summary,
            ["question"] = turn.Format($"trainings.release.title{kind}", title, day),
            ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["text"] = l })]),
            ["yes"] = turn.Word($"trainings.release.yes{kind}"),
            ["no"] = turn.Word($"trainings.release.no{kind}"),
        }));
    }

    private async Task<SeatOutcome> CancelAsync(TrainingSession session, Person person, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await Seats.RegistrationAsync(db, session.Id, person.AadObjectId, ct);
        if (Refusal(session, mine, now) is { } refusal) return refusal;

        mine!.Lang = person.Lang; // the message that stays comes in the language the person uses now
        SeatOutcome outcome;
        switch (mine.Status)
        {
            case RegistrationStatus.Booked:
                Seats.Leave(mine, RegistrationStatus.Cancelled, now);
                outcome = new SeatOutcome.Cancelled(await waitlist.OfferFreeSeatsAsync(session, ct) > 0);
                break;
            case RegistrationStatus.Offered:
                Seats.Leave(mine, RegistrationStatus.Declined, now);
                outcome = new SeatOutcome.Declined(await waitlist.OfferFreeSeatsAsync(session, ct) > 0);
                break;
            default:
                Seats.Leave(mine, RegistrationStatus.Cancelled, now);
                outcome = new SeatOutcome.LeftWaitlist();
                break;
        }
        await receipts.SendAsync(session, mine, outcome, ct);
        return outcome;
    }
}
