using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>
/// What the training cards say about the calendar: with invitations on, a booked person is told the invitation comes
/// through Outlook (with a Teams meeting for an online session) and the .ics button is for calendars outside Outlook;
/// with them off, the .ics button is the way into Outlook, as before.
/// </summary>
public sealed class InvitationWords(TrainingCalendar calendar, Strings strings)
{
    public bool On => calendar.IsOn;

    public string Line(TrainingSession session, string lang)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!On) return "";
        return strings.Get(lang, EventDetails.IsOnline(session) ? "trainingsCalendar.invitationTeams" : "trainingsCalendar.invitation");
    }

    public string IcsTitle(string lang) => strings.Get(lang, On ? "trainingsCalendar.icsOutside" : "trainings.calendar");

    /// <summary>After giving back a seat: the invitation is withdrawn by itself; the .ics file removes a copy elsewhere.</summary>
    public string CancelledHint(string lang) => strings.Get(lang, On ? "trainingsCalendar.cancelledHint" : "trainings.receipt.calendarHint");
}
