using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// GET /exports/trainings/{token}.csv and .xlsx: a session's participant list for the lab team. The links are made
/// by the participant card (which only the lab team can open) for the person who opened it, and expire after
/// 15 minutes; the browser that opens them is not signed in to the bot, so the signed link is the permission.
/// A bearer link can be forwarded or outlive a role, so every download asks the RoleGate again whether the person
/// the link was made for (tenant and object id, signed into it) still holds LabTeam: a member who left the lab team
/// gets 403 even with a fresh link.
/// </summary>
public static partial class ExportParticipants
{
    public const string CsvPath = "exports/trainings/{0}.csv";
    public const string XlsxPath = "exports/trainings/{0}.xlsx";
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    private static readonly string[] Columns = ["name", "status", "position", "bookedAt", "attendance", "noShows"];

    private const string Reason = "Opened from the lab team's participant card in a browser without sign-in; the HMAC-signed link, made for a lab-team member and valid 15 minutes, is the permission, and that member's LabTeam role is checked again on every download.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/trainings/{token}.csv", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: true, http, ct))
            .AllowWithoutLabRole(Reason);
        app.MapGet("/exports/trainings/{token}.xlsx", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: false, http, ct))
            .AllowWithoutLabRole(Reason);
    }

    /// <summary>The link's subject is "tenant/object id" of the lab-team member, so the download can check their role.</summary>
    public static LinkGrant Grant(long sessionId, string tenantId, string labMemberAadObjectId, DateTime nowUtc) =>
        new(LinkPurpose.Export, sessionId, LinkHolder.Subject(tenantId, labMemberAadObjectId), nowUtc.Add(Validity));

    private static async Task<IResult> HandleAsync(string token, bool csv, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.Export) is not { } grant)
            return DownloadCalendar.Refuse(strings, StatusCodes.Status404NotFound, "trainingsLists.exportUnknown");
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExportParticipants).FullName!);
        if (!await LinkHolder.StillHoldsAsync(services, grant, Role.LabTeam, ct))
        {
            // Before the session is looked up: someone without the role learns nothing, not even whether it exists.
            LogRefused(log, grant.TargetId);
            return DownloadCalendar.Refuse(strings, StatusCodes.Status403Forbidden, "trainingsLists.exportForbidden");
        }
        var db = services.GetRequiredService<LabDbContext>();
        if (!await db.TrainingSessions().AnyAsync(s => s.Id == grant.TargetId, ct))
            return DownloadCalendar.Refuse(strings, StatusCodes.Status404NotFound, "trainingsLists.exportUnknown");

        const string lang = Strings.German;
        var people = await ParticipantList.LoadAsync(db, grant.TargetId, lang, ct);
        var header = Columns.Select(c => strings.Get(lang, "trainingsLists.column." + c)).ToList();
        var rows = people.Select(p => (IReadOnlyList<string>)
        [
            p.Name,
            strings.Get(lang, "trainingsLists.state." + StateKey(p.Status)),
            p.WaitlistPosition > 0 ? p.WaitlistPosition.ToString(CultureInfo.InvariantCulture) : "",
            p.BookedAtUtc is { } at ? TrainingTime.ToBerlin(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            strings.Get(lang, "trainingsLists.attendance." + AttendanceKey(p.Attendance)),
            p.NoShows.ToString(CultureInfo.InvariantCulture),
        ]).ToList();

        // Ids and counts only: names stay out of the logs.
        LogExport(log, grant.TargetId, rows.Count, csv);
        http.Response.Headers.CacheControl = "no-store";
        var name = $"teilnehmende-{grant.TargetId}";
        return csv
            ? Results.File(Spreadsheet.Csv(header, rows), "text/csv; charset=utf-8", name + ".csv")
            : Results.File(Spreadsheet.Xlsx(strings.Get(lang, "trainingsLists.title"), header, rows),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    internal static string StateKey(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Booked => "booked",
        RegistrationStatus.Offered => "offered",
        _ => "waitlisted",
    };

    internal static string AttendanceKey(Attendance attendance) => attendance switch
    {
        Attendance.Present => "present",
        Attendance.NoShow => "noShow",
        _ => "unknown",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Participant export of session {SessionId}: {Rows} rows (CSV: {Csv})")]
    private static partial void LogExport(ILogger logger, long sessionId, int rows, bool csv);

    [LoggerMessage(Level = LogLevel.Information, Message = "Participant export of session {SessionId} refused: the person the link was made for no longer holds the LabTeam role")]
    private static partial void LogRefused(ILogger logger, long sessionId);
}
