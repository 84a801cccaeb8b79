using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Features.Ideas.Report;

/// <summary>
/// GET /exports/ideas/{token}.csv and .xlsx: every idea, one row each, for the innovation department. Made for one
/// person by the figures card, valid 15 minutes, and that person's Innovation role is checked again on every download.
/// The submitter's name only for an idea not submitted anonymously ("anonym" otherwise: the author table is not even
/// read for those); no object id of anyone. Cells are formula-safe (<see cref="Spreadsheet"/>).
/// </summary>
public static partial class DownloadIdeas
{
    private static readonly string[] Columns =
        ["number", "title", "description", "status", "department", "tags", "submitted", "firstAnswer", "withinDeadline", "supports", "assigned", "submitter"];

    private const string Reason = "Opened from the innovation department's figures card in a browser without sign-in; the HMAC-signed link, made for one person with the Innovation role and valid 15 minutes, is the permission, and that role is checked again on every download.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/ideas/{token}.csv", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: true, http, ct))
            .AllowWithoutLabRole(Reason);
        app.MapGet("/exports/ideas/{token}.xlsx", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: false, http, ct))
            .AllowWithoutLabRole(Reason);
    }

    private static async Task<IResult> HandleAsync(string token, bool csv, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.IdeasExport) is not { } grant)
            return ExportLinks.Refuse(strings, StatusCodes.Status404NotFound, "ideasReport.unknown");
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadIdeas).FullName!);
        if (!await ExportLinks.StillInnovationAsync(services, grant, ct))
        {
            LogRefused(log);
            return ExportLinks.Refuse(strings, StatusCodes.Status403Forbidden, "ideasReport.forbidden");
        }

        var db = services.GetRequiredService<LabDbContext>();
        var today = IdeaFigures.BerlinDay(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var ideas = await db.Ideas().AsNoTracking().OrderBy(i => i.Id).ToListAsync(ct);
        var named = ideas.Where(i => !i.Anonymous).Select(i => i.Id).ToList();
        // Only the original submitter of an idea that was not anonymous; merged-in authors are not its submitter.
        var names = (await db.IdeaAuthors().AsNoTracking()
                .Where(a => named.Contains(a.IdeaId) && a.OriginalIdeaId == a.IdeaId && !a.Anonymous)
                .Select(a => new { a.IdeaId, a.Name }).ToListAsync(ct))
            .GroupBy(a => a.IdeaId).ToDictionary(g => g.Key, g => g.First().Name);

        const string lang = Strings.German;
        var header = Columns.Select(c => strings.Get(lang, "ideasReport.column." + c)).ToList();
        var rows = ideas.Select(i => (IReadOnlyList<string>)
        [
            i.Id.ToString(CultureInfo.InvariantCulture),
            i.Title,
            i.Description,
            strings.Get(lang, "ideas.status." + i.Status.Key()),
            i.Department.Length > 0 ? i.Department : strings.Get(lang, "ideas.department.all"),
            i.Tags,
            Day(i.SubmittedAtUtc),
            i.FirstPublicAnswerAtUtc is { } answered ? Day(answered) : "",
            strings.Get(lang, IdeaFigures.WithinDeadline(i.FirstPublicAnswerAtUtc, i.FirstResponseDueOn, today) switch
            {
                true => "ideasReport.export.yes",
                false => "ideasReport.export.no",
                null => "ideasReport.export.open",
            }),
            i.SupportCount.ToString(CultureInfo.InvariantCulture),
            i.AssignedName ?? "",
            i.Anonymous ? strings.Get(lang, "ideasReport.export.anonymous")
                : names.GetValueOrDefault(i.Id) is { Length: > 0 } name ? name : strings.Get(lang, "ideasReport.export.noName"),
        ]).ToList();

        LogExport(log, rows.Count, csv);
        http.Response.Headers.CacheControl = "no-store";
        const string file = "ideen";
        return csv
            ? Results.File(Spreadsheet.Csv(header, rows), "text/csv; charset=utf-8", file + ".csv")
            : Results.File(Spreadsheet.Xlsx(strings.Get(lang, "ideasReport.sheet"), header, rows),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file + ".xlsx");
    }

    private static string Day(DateTime utc) => IdeaFigures.BerlinDay(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ideas export: {Rows} rows (CSV: {Csv})")]
    private static partial void LogExport(ILogger logger, int rows, bool csv);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ideas export refused: the person the link was made for no longer holds the Innovation role")]
    private static partial void LogRefused(ILogger logger);
}
