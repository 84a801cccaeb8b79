using System.Globalization;
using System.Text;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>One entry of a lending feed; times in UTC.</summary>
public sealed record FeedEvent(string Uid, DateTime StartUtc, DateTime EndUtc, string Summary, string Location, int Sequence);

/// <summary>
/// An RFC 5545 calendar with many events for subscription (METHOD:PUBLISH, the way Outlook and Google read
/// "subscribe from the web"): every refresh replaces what the calendar showed, so an event that is gone from the
/// feed disappears there too. Times in UTC (…Z), so no VTIMEZONE is needed and the clocks changing cannot move an
/// entry. Escaping and folding as the single-event files of the trainings (<see cref="CalendarFile"/>).
/// </summary>
public static class FeedFile
{
    /// <summary>How often a client should fetch again (RFC 7986 REFRESH-INTERVAL and Microsoft's X-PUBLISHED-TTL).</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromHours(1);

    public static string Write(string name, DateTime stampUtc, IEnumerable<FeedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ics = new StringBuilder();
        void Line(string line) => CalendarFile.Fold(ics, line);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Stadt Soest//StadtLabor.Bot//DE");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("NAME:" + CalendarFile.Text(name));
        Line("X-WR-CALNAME:" + CalendarFile.Text(name));
        var hours = ((int)Refresh.TotalHours).ToString(CultureInfo.InvariantCulture);
        Line("REFRESH-INTERVAL;VALUE=DURATION:PT" + hours + "H");
        Line("X-PUBLISHED-TTL:PT" + hours + "H");
        var stamp = CalendarFile.Utc(stampUtc);
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + CalendarFile.Text(e.Uid));
            Line("DTSTAMP:" + stamp);
            Line("DTSTART:" + CalendarFile.Utc(e.StartUtc));
            Line("DTEND:" + CalendarFile.Utc(e.EndUtc > e.StartUtc ? e.EndUtc : e.StartUtc.AddMinutes(1)));
            Line("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line("STATUS:CONFIRMED");
            // A lending is no appointment of whoever subscribes: it must not make them look busy.
            Line("TRANSP:TRANSPARENT");
            Line("SUMMARY:" + CalendarFile.Text(e.Summary));
            if (e.Location.Length > 0) Line("LOCATION:" + CalendarFile.Text(e.Location));
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }
}
