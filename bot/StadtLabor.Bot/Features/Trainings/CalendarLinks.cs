using System.Globalization;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The .ics link on a booked person's detail card: signed for that registration, valid until a day after the
/// session ends. Whether it still downloads is decided at download time (booked, session not cancelled).
/// </summary>
public sealed class CalendarLinks(DownloadLinks links)
{
    public const string Path = "calendar/{0}.ics";

    /// <summary>The .ics download link for a booked person (null: no link to show).</summary>
    public string? UrlFor(Registration registration, TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(session);
        return links.Url(Grant(registration, session), Path);
    }

    /// <summary>The same link as a path of this site ("/calendar/….ics"), for the intranet pages, which link relatively.</summary>
    public string? PathFor(Registration registration, TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(session);
        return links.Token(Grant(registration, session)) is { } token ? "/" + Path.Replace("{0}", token, StringComparison.Ordinal) : null;
    }

    public static LinkGrant Grant(Registration registration, TrainingSession session) => new(
        LinkPurpose.Calendar, session.Id, registration.Id.ToString(CultureInfo.InvariantCulture), session.EndsAtUtc.AddDays(1));
}
