using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Surveys;

/// <summary>
/// POST /umfragen/auswertung/{surveyId}/export (ResearchPartner; the innovation department passes), art = resultsCsv,
/// resultsXlsx, rawCsv or rawXlsx: the dashboard's export buttons do what the card's export verbs do. The raw answers
/// only for a person who holds the research partner role (or Admin) themselves, asked of the role source as
/// <see cref="ExportRaw"/> does; then <see cref="ExportCard.PrepareAsync"/> checks the survey and logs the export
/// (<see cref="SurveyExport"/>), and the browser is sent to the same signed, 15-minute download as the card's link
/// (<see cref="DownloadSurveyExport"/>), which asks the role source again and builds the file.
/// A POST (with anti-forgery), because it writes the export log.
/// </summary>
[LabRole(Role.ResearchPartner)]
public sealed partial class ExportModel(ExportCard exports, SurveyExportLinks links, ILogger<ExportModel> log) : LabPageModel
{
    public IActionResult OnGet(long surveyId) => Redirect($"/umfragen/auswertung/{surveyId}");

    public async Task<IActionResult> OnPostAsync(long surveyId, string? art, CancellationToken ct)
    {
        SurveyExportKind? kind = art switch
        {
            "resultsCsv" => SurveyExportKind.ResultsCsv,
            "resultsXlsx" => SurveyExportKind.ResultsXlsx,
            "rawCsv" => SurveyExportKind.RawCsv,
            "rawXlsx" => SurveyExportKind.RawXlsx,
            _ => null,
        };
        if (kind is not { } k) return BadRequest();
        if (SurveyExportLinks.IsRaw(k) && !await SurveyExportLinks.HoldsPartnerRoleAsync(HttpContext.RequestServices, Person, ct))
        {
            LogRawRefused(log, surveyId);
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        switch (await exports.PrepareAsync(Person, W.DisplayName, surveyId, k, ct))
        {
            case PreparedExport.Refused { Why: ExportRefusal.UnknownSurvey }:
                return NotFound();
            case PreparedExport.Refused:
                return Done(W.Any("surveysExport.noClosedWave"), $"/umfragen/auswertung/{surveyId}");
            case PreparedExport.Ready { Grant: { } grant } when links.LocalPath(grant, k) is { } path:
                return Redirect(path);
            default:
                // The link key is not loaded yet (only right after start-up): nothing was logged.
                return Done(W["surveys.exportLater"], $"/umfragen/auswertung/{surveyId}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Raw export of survey {SurveyId} refused on the page: the person does not hold the research partner role")]
    private static partial void LogRawRefused(ILogger logger, long surveyId);
}
