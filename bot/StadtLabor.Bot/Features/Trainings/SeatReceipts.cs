using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The short message that stays in the person's chat after a booking (seat, waitlist place, offer taken) or a
/// cancellation: the card that was clicked refreshes in place and can be refreshed again, so it is no record; this
/// message is ("Angemeldet: Miro für Einsteiger, ... Freigeben bis ..."). It goes through the outbox in the same
/// transaction as the seat change, keyed by the registration and the moment of that change, so a change sends
/// exactly one message and a repeated click (which changes nothing) sends none. In the person's language.
/// </summary>
public sealed class SeatReceipts(LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings,
    SessionView view, CalendarLinks calendar, InvitationWords invitations, TimeProvider time)
{
    /// <summary>One key per change of a registration: its row, what changed and the moment the change was written.</summary>
    public static string Key(Registration r, SeatOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(outcome);
        return $"trainings.receipt:{r.Id}:{outcome.GetType().Name}:{r.UpdatedAtUtc.Ticks}";
    }

    /// <summary>Queues the message for what <paramref name="outcome"/> changed; nothing for outcomes that changed nothing.</summary>
    public async Task SendAsync(TrainingSession session, Registration mine, SeatOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(mine);
        var lang = mine.Lang;
        var headline = outcome switch
        {
            SeatOutcome.Booked => strings.Get(lang, "trainings.receipt.booked"),
            SeatOutcome.Accepted => strings.Get(lang, "trainings.receipt.accepted"),
            SeatOutcome.Waitlisted w => strings.Format(lang, "trainings.receipt.waitlisted", w.Position),
            SeatOutcome.Cancelled => strings.Get(lang, "trainings.receipt.cancelled"),
            SeatOutcome.LeftWaitlist => strings.Get(lang, "trainings.receipt.leftWaitlist"),
            SeatOutcome.Declined => strings.Get(lang, "trainings.receipt.declined"),
            _ => null,
        };
        if (headline is null) return;
        // A new registration gets its id on save; the key needs it.
        await db.SaveChangesAsync(ct);

        var summary = view.Summary(session, await view.ToolNameAsync(session.ToolId, ct), lang);
        var where = session.Place.Length > 0 ? $"{summary["when"]}, {CardText.Plain(session.Place)}" : summary["when"]!.ToString();
        var booked = outcome is SeatOutcome.Booked or SeatOutcome.Accepted;
        var deadline = view.CancelDeadline(session);
        var next = outcome switch
        {
            _ when booked && time.GetUtcNow().UtcDateTime < deadline =>
                strings.Format(lang, "trainings.receipt.cancelUntil", TrainingTime.Moment(lang, deadline)),
            SeatOutcome.Waitlisted => strings.Get(lang, "trainings.receipt.waitlistNext"),
            SeatOutcome.Cancelled => invitations.CancelledHint(lang),
            _ => "",
        };
        // The booked person's .ics link; after a cancellation the same link serves the file that removes the entry.
        var calendarUrl = booked || outcome is SeatOutcome.Cancelled ? calendar.UrlFor(mine, session) : null;
        var card = cards.Render("trainings/receipt", lang, new JsonObject
        {
            ["session"] = summary,
            ["text"] = strings.Format(lang, "trainings.receipt.line", headline, summary["title"]!.ToString(), where),
            ["next"] = next,
            ["hasNext"] = next.Length > 0,
            ["calendarUrl"] = calendarUrl ?? "",
            ["hasCalendar"] = booked && calendarUrl is not null,
            ["calendarTitle"] = invitations.IcsTitle(lang),
            ["invitation"] = booked ? invitations.Line(session, lang) : "",
            ["hasInvitation"] = booked && invitations.On,
            ["hasCalendarRemove"] = outcome is SeatOutcome.Cancelled && calendarUrl is not null,
        });
        await outbox.ToUserAsync(Key(mine, outcome), mine.TenantId, mine.UserAadObjectId, Activity.Card(card), ct);
    }
}
