using System.Globalization;
using System.Text;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// One event of an .ics file. Times in UTC; Uid stays the same for the same booking, Sequence grows when it changes.
/// Cancelled: the file withdraws the event (METHOD:CANCEL, STATUS:CANCELLED) instead of publishing it. Organizer: an
/// e-mail address, written as ORGANIZER (RFC 5546 asks for one in a CANCEL).
/// </summary>
public sealed record CalendarEvent(
    string Uid, DateTime StampUtc, DateTime StartUtc, DateTime EndUtc, string Summary, string Description,
    string Location, string? Url, int Sequence, bool Cancelled = false, string? Organizer = null);

/// <summary>
/// Writes an RFC 5545 calendar with one event: METHOD:PUBLISH ("put this in your calendar", no invitation), or
/// METHOD:CANCEL with STATUS:CANCELLED, which removes the entry of the same UID when its SEQUENCE is higher.
/// Written by hand because it is 60 lines: CRLF line ends, TEXT escaping (\\ ; , and newlines), and lines folded at
/// 75 octets without splitting a UTF-8 character, which Outlook and Google both read.
/// </summary>
public static class CalendarFile
{
    private const int MaxOctets = 75;

    public static string Write(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Stadt Soest//StadtLabor.Bot//DE",
            "CALSCALE:GREGORIAN",
            e.Cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Text(e.Uid),
            "DTSTAMP:" + Utc(e.StampUtc),
            "DTSTART:" + Utc(e.StartUtc),
            "DTEND:" + Utc(e.EndUtc),
            "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture),
            "STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"),
            "SUMMARY:" + Text(e.Summary),
        };
        // CAL-ADDRESS is a URI: only a plain address gets in, so nothing can break out of the mailto.
        if (e.Organizer is { Length: > 0 } organizer && !organizer.Any(c => char.IsControl(c) || c is ' ' or ';' or ':' or ',' or '"')
            && organizer.Contains('@', StringComparison.Ordinal))
            lines.Add("ORGANIZER:mailto:" + organizer);
        if (e.Description.Length > 0) lines.Add("DESCRIPTION:" + Text(e.Description));
        if (e.Location.Length > 0) lines.Add("LOCATION:" + Text(e.Location));
        // URL is a URI value, not TEXT: no escaping, and only a real absolute http(s) address gets in.
        if (Uri.TryCreate(e.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            lines.Add("URL:" + url.AbsoluteUri);
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var ics = new StringBuilder();
        foreach (var line in lines) Fold(ics, line);
        return ics.ToString();
    }

    internal static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 3.3.11: backslash, semicolon and comma escaped, every line break as \n, other controls dropped.</summary>
    internal static string Text(string value)
    {
        var s = new StringBuilder(value.Length);
        var normalised = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var c in normalised)
        {
            switch (c)
            {
                case '\\': s.Append(@"\\"); break;
                case ';': s.Append(@"\;"); break;
                case ',': s.Append(@"\,"); break;
                case '\n': s.Append(@"\n"); break;
                case var control when char.IsControl(control): break;
                default: s.Append(c); break;
            }
        }
        return s.ToString();
    }

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and one space.</summary>
    internal static void Fold(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = MaxOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1; // the leading space of a continuation line counts
            }
            ics.Append(line, i, length);
            octets += size;
            i += length - 1;
        }
        ics.Append("\r\n");
    }
}
