using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// GET /calendar/{token}.ics: the booked session as a calendar file. Teams opens the link in the browser, where the
/// person is not signed in to the bot, so the signed link is the permission. It only works while the booking stands:
/// after a cancellation or a cancelled session it answers 410 with a short German text.
/// </summary>
public static class DownloadCalendar
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", HandleAsync)
            .AllowWithoutLabRole("Opened from the detail card in a browser without sign-in; the HMAC-signed, expiring link names one booking and is the permission.");

    private static async Task<IResult> HandleAsync(string token, HttpContext http, DownloadLinks links, LinkKey key, LabDbContext db, Strings strings, TimeProvider time, CancellationToken ct)
    {
        await key.LoadAsync(ct);
        if (links.Read(token, LinkPurpose.Calendar) is not { } grant
            || !long.TryParse(grant.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var registrationId))
            return Refuse(strings, StatusCodes.Status404NotFound, "trainingsLists.calendarUnknown");

        var registration = await db.TrainingRegistrations().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == registrationId && r.SessionId == grant.TargetId, ct);
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == grant.TargetId, ct);
        if (registration is not { Status: RegistrationStatus.Booked } || session is not { Status: SessionStatus.Published })
            return Refuse(strings, StatusCodes.Status410Gone, "trainingsLists.calendarGone");

        var tool = await db.TrainingTools().AsNoTracking().Where(t => t.Id == session.ToolId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";
        var ics = CalendarFile.Write(new CalendarEvent(
            Uid: $"training-registration-{registration.Id}@stadtlabor-bot",
            StampUtc: time.GetUtcNow().UtcDateTime,
            StartUtc: session.StartsAtUtc,
            EndUtc: session.EndsAtUtc,
            Summary: tool.Length > 0 ? $"{session.Title} ({tool})" : session.Title,
            Description: Description(session),
            Location: session.Place.Length > 0 ? session.Place : session.OnlineUrl,
            Url: session.OnlineUrl,
            Sequence: session.ScheduleVersion));
        // A personal link: no shared cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"schulung-{session.Id}.ics");
    }

    private static string Description(TrainingSession s)
    {
        var parts = new[] { s.Description, s.OnlineUrl }.Where(p => p.Length > 0);
        return string.Join("\n\n", parts);
    }

    internal static IResult Refuse(Strings strings, int status, string key) =>
        Results.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);
}
