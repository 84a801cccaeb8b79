using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// What the training cards show, in one place: a session's summary, its seats, and where the person stands with
/// it, with the buttons that apply right now. Every handler renders through here, so a rule (e.g. the cancel
/// deadline) is shown the same way everywhere.
/// </summary>
public sealed class SessionView(
    LabDbContext db, Strings strings, CardRenderer cards, CalendarLinks calendar, InvitationWords invitations,
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
        ["where"] = Where(s, lang),
        ["onlineUrl"] = s.OnlineUrl,
        ["hasOnline"] = s.OnlineUrl.Length > 0,
        ["trainer"] = CardText.Plain(s.Trainer),
        ["hasTrainer"] = s.Trainer.Length > 0,
    };

    /// <summary>
    /// Where it takes place, in words: the room, "Online über Teams", or both ("Raum 1.12 oder online über Teams").
    /// Never a tick or an emoji, which a screen reader reads as "Häkchen".
    /// </summary>
    public string Where(TrainingSession s, string lang)
    {
        ArgumentNullException.ThrowIfNull(s);
        var teams = IsTeamsLink(s.OnlineUrl);
        var place = CardText.Plain(s.Place);
        return (place.Length > 0, s.OnlineUrl.Length > 0) switch
        {
            (true, true) => strings.Format(lang, teams ? "trainings.browse.where.bothTeams" : "trainings.browse.where.both", place),
            (true, false) => place,
            (false, true) => strings.Get(lang, teams ? "trainings.browse.where.onlineTeams" : "trainings.browse.where.online"),
            _ => strings.Get(lang, "trainings.browse.where.open"),
        };
    }

    /// <summary>Only a Teams meeting link may be called "über Teams"; any other online link is just "online".</summary>
    private static bool IsTeamsLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Host.Equals("teams.microsoft.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".teams.microsoft.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.Equals("teams.live.com", StringComparison.OrdinalIgnoreCase));

    /// <summary>Seats on a list row: "7 von 10 Plätzen frei", "Ausgebucht, 3 auf der Warteliste".</summary>
    public string SeatsText(string lang, int capacity, int taken, int waiting)
    {
        var free = capacity - taken;
        if (free > 1) return strings.Format(lang, "trainings.seatsFree", free, capacity);
        if (free == 1) return strings.Format(lang, "trainings.seatsOneFree", capacity);
        return waiting > 0 ? strings.Format(lang, "trainings.fullWaitlist", waiting) : strings.Get(lang, "trainings.full");
    }

    /// <summary>Seats after the label "Plätze" on the detail card: "7 von 10 frei" (the label already says "Plätze").</summary>
    public string SeatsFact(string lang, int capacity, int taken, int waiting)
    {
        var free = capacity - taken;
        if (free > 1) return strings.Format(lang, "trainings.browse.seats.free", free, capacity);
        if (free == 1) return strings.Format(lang, "trainings.browse.seats.oneFree", capacity);
        return waiting > 0 ? strings.Format(lang, "trainings.fullWaitlist", waiting) : strings.Get(lang, "trainings.full");
    }

    /// <summary>
    /// The person's standing in words ("Dein Status: auf der Warteliste, Platz 2"), or that the session is cancelled or
    /// over; "" when they have nothing to do with an open session. Lists and cards say it the same way.
    /// </summary>
    public string StatusText(TrainingSession s, Registration? mine, int position, string lang)
    {
        ArgumentNullException.ThrowIfNull(s);
        var now = time.GetUtcNow().UtcDateTime;
        var open = s.Status == SessionStatus.Published && s.StartsAtUtc > now;
        return (s.Status, open, mine?.Status) switch
        {
            (SessionStatus.Cancelled, _, _) => strings.Get(lang, "trainings.status.sessionCancelled"),
            (_, false, _) => strings.Get(lang, "trainings.status.over"),
            (_, _, RegistrationStatus.Booked) => strings.Get(lang, "trainings.status.booked"),
            (_, _, RegistrationStatus.Waitlisted) => strings.Format(lang, "trainings.status.waitlisted", position),
            (_, _, RegistrationStatus.Offered) => strings.Format(lang, "trainings.status.offered", TrainingTime.Moment(lang, mine!.OfferExpiresAtUtc ?? now)),
            _ => "",
        };
    }

    /// <summary>
    /// What happens after signing up, or now that the person is booked: when the reminders come (from
    /// Trainings:ReminderHoursBefore, so the card never promises one that is not sent) and where the online link is.
    /// "" where the waitlist or offer explanation says what comes next instead.
    /// </summary>
    public string NextSteps(TrainingSession s, Registration? mine, int taken, string lang)
    {
        ArgumentNullException.ThrowIfNull(s);
        var now = time.GetUtcNow().UtcDateTime;
        var open = s.Status == SessionStatus.Published && s.StartsAtUtc > now;
        var booked = mine is { Status: RegistrationStatus.Booked };
        var canBook = mine is not { IsActive: true } && taken < s.Capacity;
        if (!open || !(booked || canBook)) return "";
        var parts = new List<string>(2);
        // Only reminders still ahead: a day before is no promise for a session that starts in five hours.
        var hours = options.Value.ReminderHoursBefore.Where(h => s.StartsAtUtc.AddHours(-h) > now).OrderDescending().ToList();
        if (hours.Count > 0)
        {
            var when = hours.Select(h => Wording.Duration(strings, lang, TimeSpan.FromHours(h)))
                .Aggregate((a, b) => strings.Format(lang, "trainings.browse.next.and", a, b));
            parts.Add(strings.Format(lang, booked ? "trainings.browse.next.booked" : "trainings.browse.next.signUp", when));
        }
        if (s.OnlineUrl.Length > 0) parts.Add(strings.Get(lang, "trainings.browse.next.online"));
        return string.Join(" ", parts);
    }

    /// <summary>
    /// The detail card for the person in this turn, with what their click did as the line on top (none when
    /// <paramref name="outcome"/> is null); the "not known" card when the session does not exist.
    /// </summary>
    public async Task<VerbResult> DetailCardAsync(TurnContext turn, long sessionId, SeatOutcome? outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var notice = outcome is null ? "" : Notice(outcome, turn.Lang);
        var data = await DetailAsync(sessionId, turn.UserAadObjectId, turn.Lang, notice, outcome, ct);
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
            SeatOutcome.Cancelled c => strings.Get(lang, c.PassedOn ? "trainings.done.cancelledPassedOn" : "trainings.done.cancelled"),
            SeatOutcome.LeftWaitlist => strings.Get(lang, "trainings.done.leftWaitlist"),
            SeatOutcome.Declined d => strings.Get(lang, d.PassedOn ? "trainings.done.declinedPassedOn" : "trainings.done.declined"),
            SeatOutcome.Accepted => strings.Get(lang, "trainings.done.accepted"),
            SeatOutcome.OfferGone => strings.Get(lang, "trainings.done.offerGone"),
            SeatOutcome.SessionStarted => strings.Get(lang, "trainings.done.sessionStarted"),
            SeatOutcome.SessionCancelled => strings.Get(lang, "trainings.done.sessionCancelled"),
            SeatOutcome.TooLateToCancel t => strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, t.DeadlineUtc), contact),
            SeatOutcome.NotRegistered => strings.Get(lang, "trainings.done.notRegistered"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "no words for this outcome"),
        };
    }

    /// <summary>
    /// Data of the card trainings/detail for one person; null when the session does not exist. <paramref name="outcome"/>
    /// is what the click just did: when its notice already says where the person stands, the status line is left out
    /// (success said once), and after giving back a booked seat the card offers the calendar file that removes the entry.
    /// </summary>
    public async Task<JsonObject?> DetailAsync(long sessionId, string? userAadObjectId, string lang, string notice, SeatOutcome? outcome, CancellationToken ct)
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
        summary["seats"] = SeatsFact(lang, s.Capacity, taken, waiting);

        var data = new JsonObject { ["session"] = summary };
        foreach (var (key, value) in Standing(s, mine, position, taken, lang)) data[key] = value?.DeepClone();

        // The deadline is a fact of its own (with weekday) for whoever can still book or cancel: known before signing up.
        var now = time.GetUtcNow().UtcDateTime;
        var deadline = CancelDeadline(s);
        var booked = mine is { Status: RegistrationStatus.Booked };
        var showDeadline = s.Status == SessionStatus.Published && now < deadline && (booked || mine is not { IsActive: true });
        data["deadline"] = TrainingTime.Moment(lang, deadline);
        data["hasDeadline"] = showDeadline;
        // "Abmelden kannst du dich bis …" would repeat that fact; the too-late sentence (with the contact) stays.
        if (booked && showDeadline) data["hasExplain"] = false;
        var next = NextSteps(s, mine, taken, lang);
        data["next"] = next;
        data["hasNext"] = next.Length > 0;
        data["notice"] = notice;
        data["hasNotice"] = notice.Length > 0;
        if (outcome is SeatOutcome.Booked or SeatOutcome.Waitlisted or SeatOutcome.Accepted or SeatOutcome.AlreadyBooked or SeatOutcome.AlreadyWaitlisted)
            data["hasStatus"] = false;
        // The same signed link serves METHOD:CANCEL once the booking is gone (DownloadCalendar).
        var removeUrl = outcome is SeatOutcome.Cancelled && mine is not null ? calendar.UrlFor(mine, s) : null;
        data["calendarRemoveUrl"] = removeUrl ?? "";
        data["hasCalendarRemove"] = removeUrl is not null;
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

        var statusText = StatusText(s, mine, position, lang);
        string explain = "";
        if (open && status == RegistrationStatus.Booked)
            explain = now < deadline
                ? strings.Format(lang, "trainings.explain.cancelUntil", TrainingTime.Moment(lang, deadline))
                : strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, deadline), Contact);
        else if (open && status == RegistrationStatus.Offered)
            explain = strings.Format(lang, "trainings.explain.offer", TrainingTime.Moment(lang, mine!.OfferExpiresAtUtc ?? now));
        else if (open && (status == RegistrationStatus.Waitlisted || (!active && taken >= s.Capacity)))
            explain = strings.Format(lang, "trainings.explain.waitlist", OfferHold(lang));

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
            ["calendarTitle"] = invitations.IcsTitle(lang),
            ["invitation"] = calendarUrl is null ? "" : invitations.Line(s, lang),
            ["hasInvitation"] = calendarUrl is not null && invitations.On,
        };
    }

    /// <summary>How long an offer holds at most, in words ("24 Stunden").</summary>
    public string OfferHold(string lang) => Wording.Duration(strings, lang, TimeSpan.FromHours(options.Value.OfferValidityHours));

    /// <summary>
    /// The proactive offer card (and, when it ran out, what replaces it). It says how long the offer holds and until
    /// when: the hold is counted from the moment it was made (<see cref="Registration.UpdatedAtUtc"/>, set with the offer),
    /// so close to the start it honestly says the shorter time. In the person's language (<see cref="Languages"/>).
    /// </summary>
    public JsonObject OfferCard(TrainingSession s, string toolName, Registration person, string lang, OfferState state)
    {
        ArgumentNullException.ThrowIfNull(person);
        var expires = person.OfferExpiresAtUtc ?? s.StartsAtUtc;
        return cards.Render("trainings/offer", lang, new JsonObject
        {
            ["session"] = Summary(s, toolName, lang),
            ["open"] = state == OfferState.Open,
            ["explain"] = strings.Format(lang, "trainings.offer.hold",
                Wording.Duration(strings, lang, expires - person.UpdatedAtUtc), TrainingTime.Moment(lang, expires)),
        });
    }
}
