using System.Text;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// GET /charts/surveys/{token}.png: the chart of one question (and breakdown) on the results card. Teams loads card
/// images without any sign-in, so the signed link (<see cref="ChartLinks"/>) is the permission; it names only the
/// question, the slot and the language. Every request asks the RoleGate whether the person the link was made for still
/// holds the results role, and computes the figures again through <see cref="SurveyResults"/> (the same rules as the
/// card, so the image can never show what the card withholds).
/// Without a breakdown: the waves as grouped bars. With one: the groups of the newest closed wave.
/// </summary>
public static partial class DownloadChart
{
    private const string Reason = "Loaded by the Teams client as the image of a results card, without sign-in; the HMAC-signed link, made for one person with the results role and valid 7 days, is the permission, and that role is checked again on every load.";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/charts/surveys/{token}.png", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, http, ct))
            .AllowWithoutLabRole(Reason);

    private static async Task<IResult> HandleAsync(string token, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadChart).FullName!);
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.SurveyChart) is not { } grant
            || ChartTarget.Unpack(grant.TargetId) is not { } target)
            return Refuse(strings, StatusCodes.Status404NotFound, "surveysResults.chartUnknown");
        if (!await LinkHolder.StillHoldsAsync(services, grant, Role.ResearchPartner, ct))
        {
            LogRefused(log);
            return Refuse(strings, StatusCodes.Status403Forbidden, "surveysResults.chartForbidden");
        }

        var db = services.GetRequiredService<LabDbContext>();
        var question = await db.SurveyQuestions().AsNoTracking().SingleOrDefaultAsync(q => q.Id == target.QuestionId, ct);
        if (question is null || question.Kind == QuestionKind.FreeText) return Refuse(strings, StatusCodes.Status404NotFound, "surveysResults.chartUnknown");
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == question.SurveyId && w.Status == WaveStatus.Closed)
            .OrderBy(w => w.Number).Select(w => w.Id).ToListAsync(ct);
        var figures = await services.GetRequiredService<SurveyResults>().QuestionAsync(question.Id, waves, target.Slot, ct);
        if (figures is not { Count: > 0 }) return Refuse(strings, StatusCodes.Status404NotFound, "surveysResults.chartUnknown");

        var lang = target.Lang;
        var k = services.GetRequiredService<Privacy.SmallGroups.SmallGroups>().MinGroupSize;
        var words = new ChartWords(strings.Get(lang, "surveysResults.chart.percent"),
            strings.Format(lang, "surveysResults.chart.fewerThan", k), strings.Get(lang, "surveysResults.chart.withheld"));
        var series = target.Slot == 0
            ? figures.Select(w => new ChartSeries(strings.Format(lang, "surveysResults.wave", w.Wave.Number), w.Figures.Overall.Options, !w.Figures.Overall.Shown)).ToList()
            : figures[^1].Figures.Groups.Select(g => new ChartSeries(Label(g.Label, strings, lang), g.Options, !g.Shown)).ToList();
        var png = ResultsChart.Png(QuestionTable.Categories(question), series, words);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(png, "image/png");
    }

    private static string Label(string label, Strings strings, string lang) =>
        label.Length > 0 ? CardText.Plain(label, 40) : strings.Get(lang, "surveysResults.breakdownNone");

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Refuse(Strings strings, int status, string key) =>
        TypedResults.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey chart refused: the person the link was made for no longer holds the results role")]
    private static partial void LogRefused(ILogger logger);
}
