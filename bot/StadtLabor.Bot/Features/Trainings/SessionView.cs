using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// What the training cards show, in one place: a session's summary, its seats, and where the person stands with
/// it, with the buttons that apply right now. Every handler renders through here, so a rule (e.g. the cancel
/// deadline) is shown the same way everywhere.
/// </summary>
public sealed class SessionView(
    LabDbContext db, Strings strings, CardRenderer cards, CalendarLinks calendar,
    IOptions<TrainingsOptions> options, IConfiguration configuration, TimeProvider time)
{
    public string Contact => configuration["Lab:ContactEmail"] ?? "stadtlabor@soest.de";

    public async Task<string> ToolNameAsync(long toolId, CancellationToken ct) =>
        await db.TrainingTools().Where(t => t.Id == toolId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";

    /// <summary>The deadline for cancelling a booked seat.</summary>
    public DateTime CancelDeadline(TrainingSession s) => s.StartsAtUtc.AddHours(-options.Value.CancelDeadlineHours);

    /// <summary>Title, tool, time, place and trainer: the part every training card shows.</summary>
    public JsonObject Summary(TrainingSession s, string toolName, string lang) => new()
    {
        ["id"] = s.Id,
        ["title"] = CardText.Plain(s.Title),
        ["tool"] = CardText.Plain(toolName),
        ["when"] = TrainingTime.Span(lang, s.StartsAtUtc, s.EndsAtUtc),
        ["duration"] = TrainingTime.Duration(strings, lang, s.StartsAtUtc, s.EndsAtUtc),
        ["place"] = CardText.Plain(s.Place),
        ["hasPlace"] = s.Place.Length > 0,
        ["onlineUrl"] = s.OnlineUrl,
        ["hasOnline"] = s.OnlineUrl.Length > 0,
        ["trainer"] = CardText.Plain(s.Trainer),
        ["hasTrainer"] = s.Trainer.Length > 0,
    };

    public string SeatsText(string lang, int capacity, int taken, int waiting)
    {
        var free = capacity - taken;
        if (free > 1) return strings.Format(lang, "trainings.seatsFree", free, capacity);
        if (free == 1) return strings.Format(lang, "trainings.seatsOneFree", capacity);
        return waiting > 0 ? strings.Format(lang, "trainings.fullWaitlist", waiting) : strings.Get(lang, "trainings.full");
    }

    /// <summary>
    /// The detail card for the person in this turn, with what their click did as the line on top (none when
    /// <paramref name="outcome"/> is null); the "not known" card when the session does not exist.
    /// </summary>
    public async Task<VerbResult> DetailCardAsync(TurnContext turn, long sessionId, SeatOutcome? outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var notice = outcome is null ? "" : Notice(outcome, turn.Lang);
        var data = await DetailAsync(sessionId, turn.UserAadObjectId, turn.Lang, notice, ct);
        return data is null ? TrainingAnswers.BadRequest(turn) : new VerbResult.Card(turn.Card("trainings/detail", data));
    }

    /// <summary>See <see cref="Notice(Strings, string, SeatOutcome, string)"/>.</summary>
    public string Notice(SeatOutcome outcome, string lang) => Notice(strings, lang, outcome, Contact);

    /// <summary>What a seat change did, in words: the one place that knows which sentence belongs to which outcome.</summary>
    public static string Notice(Strings strings, string lang, SeatOutcome outcome, string contact)
    {
        ArgumentNullException.ThrowIfNull(strings);
        return outcome switch
        {
            SeatOutcome.Booked => strings.Get(lang, "trainings.done.booked"),
            SeatOutcome.Waitlisted w => strings.Format(lang, "trainings.done.waitlisted", w.Position),
            SeatOutcome.AlreadyBooked => strings.Get(lang, "trainings.done.already"),
            SeatOutcome.AlreadyWaitlisted w => strings.Format(lang, "trainings.done.alreadyWaitlisted", w.Position),
            SeatOutcome.Cancelled => strings.Get(lang, "trainings.done.cancelled"),
            SeatOutcome.LeftWaitlist => strings.Get(lang, "trainings.done.leftWaitlist"),
            SeatOutcome.Declined => strings.Get(lang, "trainings.done.declined"),
            SeatOutcome.Accepted => strings.Get(lang, "trainings.done.accepted"),
            SeatOutcome.OfferGone => strings.Get(lang, "trainings.done.offerGone"),
            SeatOutcome.SessionStarted => strings.Get(lang, "trainings.done.sessionStarted"),
            SeatOutcome.SessionCancelled => strings.Get(lang, "trainings.done.sessionCancelled"),
            SeatOutcome.TooLateToCancel t => strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, t.DeadlineUtc), contact),
            SeatOutcome.NotRegistered => strings.Get(lang, "trainings.done.notRegistered"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "no words for this outcome"),
        };
    }

    /// <summary>Data of the card trainings/detail for one person; null when the session does not exist.</summary>
    public async Task<JsonObject?> DetailAsync(long sessionId, string? userAadObjectId, string lang, string notice, CancellationToken ct)
    {
        var s = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(x => x.Id == sessionId, ct);
        if (s is null) return null;
        var toolName = await ToolNameAsync(s.ToolId, ct);
        var mine = userAadObjectId is null ? null : await db.TrainingRegistrations().AsNoTracking()
            .SingleOrDefaultAsync(r => r.SessionId == sessionId && r.UserAadObjectId == userAadObjectId, ct);
        var taken = await Seats.TakenAsync(db, sessionId, ct);
        var waiting = await Seats.WaitingAsync(db, sessionId, ct);
        var position = mine is { Status: RegistrationStatus.Waitlisted } ? await Seats.PositionAsync(db, mine, ct) : 0;

        var summary = Summary(s, toolName, lang);
        summary["description"] = CardText.Plain(s.Description);
        summary["hasDescription"] = s.Description.Length > 0;
        summary["prerequisites"] = CardText.Plain(s.Prerequisites);
        summary["hasPrerequisites"] = s.Prerequisites.Length > 0;
        summary["seats"] = SeatsText(lang, s.Capacity, taken, waiting);

        var data = new JsonObject { ["session"] = summary };
        foreach (var (key, value) in Standing(s, mine, position, taken, lang)) data[key] = value?.DeepClone();
        data["notice"] = notice;
        data["hasNotice"] = notice.Length > 0;
        return data;
    }

    /// <summary>Where the person stands and what they can do now (the flags the cards' buttons use).</summary>
    public JsonObject Standing(TrainingSession s, Registration? mine, int position, int taken, string lang)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = s.Status == SessionStatus.Published && s.StartsAtUtc > now;
        var status = mine?.Status;
        var active = mine is { IsActive: true };
        var deadline = CancelDeadline(s);

        string statusText = (s.Status, open, status) switch
        {
            (SessionStatus.Cancelled, _, _) => strings.Get(lang, "trainings.status.sessionCancelled"),
            (_, false, _) => strings.Get(lang, "trainings.status.over"),
            (_, _, RegistrationStatus.Booked) => strings.Get(lang, "trainings.status.booked"),
            (_, _, RegistrationStatus.Waitlisted) => strings.Format(lang, "trainings.status.waitlisted", position),
            (_, _, RegistrationStatus.Offered) => strings.Format(lang, "trainings.status.offered", TrainingTime.Moment(lang, mine!.OfferExpiresAtUtc ?? now)),
            _ => "",
        };
        string explain = "";
        if (open && status == RegistrationStatus.Booked)
            explain = now < deadline
                ? strings.Format(lang, "trainings.explain.cancelUntil", TrainingTime.Moment(lang, deadline))
                : strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, deadline), Contact);
        else if (open && status == RegistrationStatus.Offered)
            explain = strings.Format(lang, "trainings.explain.offer", TrainingTime.Moment(lang, mine!.OfferExpiresAtUtc ?? now));
        else if (open && (status == RegistrationStatus.Waitlisted || (!active && taken >= s.Capacity)))
            explain = strings.Get(lang, "trainings.explain.waitlist");

        var calendarUrl = status == RegistrationStatus.Booked && open ? calendar.UrlFor(mine!, s) : null;
        return new JsonObject
        {
            ["status"] = statusText,
            ["hasStatus"] = statusText.Length > 0,
            ["explain"] = explain,
            ["hasExplain"] = explain.Length > 0,
            ["canSignUp"] = open && !active && taken < s.Capacity,
            ["canJoinWaitlist"] = open && !active && taken >= s.Capacity,
            ["canCancel"] = open && status == RegistrationStatus.Booked && now < deadline,
            ["canLeaveWaitlist"] = open && status == RegistrationStatus.Waitlisted,
            ["hasOffer"] = open && status == RegistrationStatus.Offered,
            ["calendarUrl"] = calendarUrl ?? "",
            ["hasCalendar"] = calendarUrl is not null,
        };
    }

    /// <summary>The proactive offer card (and, when it ran out, what replaces it), in the person's language (<see cref="Languages"/>).</summary>
    public JsonObject OfferCard(TrainingSession s, string toolName, Registration person, string lang, OfferState state)
    {
        var expires = person.OfferExpiresAtUtc ?? s.StartsAtUtc;
        return cards.Render("trainings/offer", lang, new JsonObject
        {
            ["session"] = Summary(s, toolName, lang),
            ["open"] = state == OfferState.Open,
            ["explain"] = strings.Format(lang, "trainings.explain.offer", TrainingTime.Moment(lang, expires)),
        });
    }
}
