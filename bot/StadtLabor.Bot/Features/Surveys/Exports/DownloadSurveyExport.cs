using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// GET /exports/surveys/{token}.csv and .xlsx: a survey's aggregated results (<see cref="ResultsFile"/>) or raw answers
/// (<see cref="RawFile"/>), by the kind signed into the link. Made for one person by an export card, valid 15 minutes;
/// every download asks the role source again (results: ResearchPartner, which the innovation department passes; raw:
/// ResearchPartner or Admin held by the person itself). Cells are formula-safe (<see cref="Spreadsheet"/>).
/// </summary>
public static partial class DownloadSurveyExport
{
    private const string Reason = "Opened from a survey export card in a browser without sign-in; the HMAC-signed link, made for one person with the research partner (or innovation) role for one survey and kind and valid 15 minutes, is the permission, and the role is checked again on every download.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/surveys/{token}.csv", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: true, http, ct))
            .AllowWithoutLabRole(Reason);
        app.MapGet("/exports/surveys/{token}.xlsx", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: false, http, ct))
            .AllowWithoutLabRole(Reason);
    }

    private static async Task<IResult> HandleAsync(string token, bool csv, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<SurveyExportLinks>().Read(token, csv) is not var (kind, grant))
            return SurveyExportLinks.Refuse(strings, StatusCodes.Status404NotFound, "surveysExport.download.unknown");
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadSurveyExport).FullName!);
        var raw = SurveyExportLinks.IsRaw(kind);
        var allowed = raw
            ? LinkHolder.Of(grant) is { } holder && await SurveyExportLinks.HoldsPartnerRoleAsync(services, holder, ct)
            : await LinkHolder.StillHoldsAsync(services, grant, Role.ResearchPartner, ct);
        if (!allowed)
        {
            LogRefused(log, raw);
            return SurveyExportLinks.Refuse(strings, StatusCodes.Status403Forbidden, "surveysExport.download.forbidden");
        }
        var db = services.GetRequiredService<LabDbContext>();
        if (await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == grant.TargetId, ct) is not { } survey)
            return SurveyExportLinks.Refuse(strings, StatusCodes.Status404NotFound, "surveysExport.download.unknown");

        IReadOnlyList<string> header;
        List<IReadOnlyList<string>> rows;
        if (raw)
        {
            var outcome = await services.GetRequiredService<RawFile>().BuildAsync(survey.Id, survey.FreeTextToPartner, ct);
            (header, rows) = (outcome.Header, outcome.Rows);
            LogRaw(log, survey.Id, rows.Count, outcome.Dropped, outcome.Generalised);
        }
        else
        {
            (header, rows) = await services.GetRequiredService<ResultsFile>().BuildAsync(survey.Id, ct);
            LogResults(log, survey.Id, rows.Count);
        }

        http.Response.Headers.CacheControl = "no-store";
        var file = $"umfrage-{survey.Id}-{(raw ? "antworten" : "ergebnisse")}";
        var sheet = strings.Get(Strings.German, raw ? "surveysExport.sheet.raw" : "surveysExport.sheet.results");
        return csv
            ? TypedResults.File(Spreadsheet.Csv(header, rows), "text/csv; charset=utf-8", file + ".csv")
            : TypedResults.File(Spreadsheet.Xlsx(sheet, header, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file + ".xlsx");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey {SurveyId} results export: {Rows} rows")]
    private static partial void LogResults(ILogger logger, long surveyId, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey {SurveyId} raw export: {Rows} rows, {Dropped} left out, {Generalised} grouping columns generalised over all waves")]
    private static partial void LogRaw(ILogger logger, long surveyId, int rows, int dropped, int generalised);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey export refused (raw: {Raw}): the person the link was made for does not hold the role")]
    private static partial void LogRefused(ILogger logger, bool raw);
}
