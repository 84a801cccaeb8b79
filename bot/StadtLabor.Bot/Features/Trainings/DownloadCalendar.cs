using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// GET /calendar/{token}.ics: the booked session as a calendar file. Teams opens the link in the browser, where the
/// person is not signed in to the bot, so the signed link is the permission. While the booking stands it gives the
/// event (METHOD:PUBLISH); once the booking is cancelled, or the session is, the same link gives a cancellation
/// (METHOD:CANCEL, STATUS:CANCELLED) for the same UID, so opening it removes the entry from Outlook. The cancel file
/// says only what the person's own file said (the session), nothing about others. A link whose registration row is
/// gone (erased) answers 410 with a short German text.
/// </summary>
public static class DownloadCalendar
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", HandleAsync)
            .AllowWithoutLabRole("Opened from the detail card in a browser without sign-in; the HMAC-signed, expiring link names one booking and is the permission.");

    private static async Task<IResult> HandleAsync(string token, HttpContext http, DownloadLinks links, LinkKey key, LabDbContext db, Strings strings,
        TimeProvider time, IOptions<Downloads.LinkOptions> options, IConfiguration configuration, CancellationToken ct)
    {
        await key.LoadAsync(ct);
        if (links.Read(token, LinkPurpose.Calendar) is not { } grant
            || !long.TryParse(grant.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var registrationId))
            return Refuse(strings, StatusCodes.Status404NotFound, "trainingsLists.calendarUnknown");

        var registration = await db.TrainingRegistrations().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == registrationId && r.SessionId == grant.TargetId, ct);
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == grant.TargetId, ct);
        if (registration is null || session is null)
            return Refuse(strings, StatusCodes.Status410Gone, "trainingsLists.calendarGone");
        // Links are only handed to booked people, so any other state now means the booking ended.
        var cancelled = registration.Status != RegistrationStatus.Booked || session.Status != SessionStatus.Published;

        var tool = await db.TrainingTools().AsNoTracking().Where(t => t.Id == session.ToolId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";
        var ics = CalendarFile.Write(new CalendarEvent(
            Uid: Uid(session.Id, registration.Id, options.Value.BaseUri),
            StampUtc: time.GetUtcNow().UtcDateTime,
            StartUtc: session.StartsAtUtc,
            EndUtc: session.EndsAtUtc,
            Summary: tool.Length > 0 ? $"{session.Title} ({tool})" : session.Title,
            Description: Description(session),
            Location: session.Place.Length > 0 ? session.Place : session.OnlineUrl,
            Url: session.OnlineUrl,
            Sequence: Sequence(session.LockStamp, cancelled),
            Cancelled: cancelled,
            Organizer: configuration["Lab:ContactEmail"] ?? "stadtlabor@soest.de"));
        // A personal link: no shared cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"schulung-{session.Id}.ics");
    }

    /// <summary>
    /// One UID per booking, not per session: a person who cancels and books again gets a new entry, and the old
    /// link's cancel file (whose SEQUENCE may be higher) can never remove the new booking's entry.
    /// </summary>
    internal static string Uid(long sessionId, long registrationId, Uri baseUri) =>
        string.Create(CultureInfo.InvariantCulture, $"training-{sessionId}-{registrationId}@{baseUri.IdnHost}");

    /// <summary>
    /// SEQUENCE from the session's lock stamp, which goes up with every change of the session (time, place, seats,
    /// cancellation) under the session lock: a moved session re-downloaded replaces the entry. Publish files get even
    /// numbers, cancel files the odd number above, so a cancellation always outranks the last file the person could
    /// have downloaded while booked. Extra increments (someone else booked) only make Outlook refresh an unchanged entry.
    /// </summary>
    internal static int Sequence(long lockStamp, bool cancelled) =>
        (int)Math.Min(int.MaxValue, Math.Max(0, lockStamp) * 2 + (cancelled ? 1 : 0));

    private static string Description(TrainingSession s)
    {
        var parts = new[] { s.Description, s.OnlineUrl }.Where(p => p.Length > 0);
        return string.Join("\n\n", parts);
    }

    internal static IResult Refuse(Strings strings, int status, string key) =>
        Results.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);
}
