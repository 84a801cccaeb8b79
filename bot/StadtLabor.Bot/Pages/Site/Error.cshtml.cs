using Microsoft.AspNetCore.Diagnostics;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages.Site;

/// <summary>
/// A page that threw: logged once with a short incident id (no names, no form values), and the person reads the id
/// to quote to the lab. Nothing half-saved: each page saves in one transaction.
/// </summary>
[NoLabRole("the error page must open whatever went wrong; it shows only an incident id")]
// A refused POST is re-executed here as a POST: the explanation must not fail on the anti-forgery check (it changes nothing).
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed partial class ErrorModel(ILogger<ErrorModel> log) : LabPageModel
{
    public string Incident { get; private set; } = "";

    public void OnGet() => Record();

    public void OnPost() => Record();

    private void Record()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        Incident = StadtLabor.Jobs.Incident.NewId();
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        LogFailed(log, Incident, error?.Path ?? "(unknown)", error is null ? "(none)" : StadtLabor.Jobs.Incident.Describe(error.Error));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Page failed, incident {Incident}: {Path} threw {Exception}")]
    private static partial void LogFailed(ILogger logger, string incident, string path, string exception);
}
