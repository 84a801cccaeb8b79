using System.Text;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// GET /charts/surveys/{token}.png: the chart of one question (and breakdown) on the results card. Teams loads card
/// images without any sign-in, so the signed link (<see cref="ChartLinks"/>) is the permission; it names only the
/// question, the slot and the language. Every request asks the RoleGate whether the person the link was made for still
/// holds the results role, and computes the figures again through <see cref="SurveyResults"/> (the same rules as the
/// card, so the image can never show what the card withholds), drawn by <see cref="QuestionChart"/>.
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

        var png = await services.GetRequiredService<QuestionChart>().PngAsync(target.QuestionId, target.Slot, target.Lang, ct);
        if (png is null) return Refuse(strings, StatusCodes.Status404NotFound, "surveysResults.chartUnknown");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(png, "image/png");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Refuse(Strings strings, int status, string key) =>
        TypedResults.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey chart refused: the person the link was made for no longer holds the results role")]
    private static partial void LogRefused(ILogger logger);
}
