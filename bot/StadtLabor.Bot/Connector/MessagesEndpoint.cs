using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Connector;

/// <summary>Whatever handles an accepted activity; for invokes it returns the HTTP answer.</summary>
public interface IActivityHandler
{
    Task<InvokeResponse?> HandleAsync(Activity activity, CancellationToken ct);
}

/// <summary>
/// POST /api/messages: the only way in from Teams. Every check happens before anything reads or writes state;
/// a rejected request gets a bare 401/403 (no detail for an attacker) and a log line for us.
/// </summary>
public static partial class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<BotOptions> options, InboundTokenValidator validator,
        IActivityHandler handler, IServer server, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("StadtLabor.Bot.Connector.Messages");
        var bot = options.Value;
        if (http.Request.ContentLength > bot.MaxRequestBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = bot.MaxRequestBodyBytes;

        Activity? activity;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            if (ActivityShape.BodyProblem(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is not null) return Results.BadRequest();
            buffer.Position = 0;
            activity = await JsonSerializer.DeserializeAsync<Activity>(buffer, ConnectorJson.Options, ct);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (activity is null || string.IsNullOrEmpty(activity.Type)) return Results.BadRequest();

        var authorization = http.Request.Headers.Authorization.ToString();
        var auth = bot.DangerouslyAllowAnonymous && string.IsNullOrEmpty(authorization)
            ? CheckAnonymous(activity, bot, http, server)
            : await validator.ValidateAsync(authorization, activity, ct);
        if (!auth.Ok)
        {
            LogRejected(log, auth.Status, auth.Reason);
            return Results.StatusCode(auth.Status);
        }

        InvokeResponse? response;
        try
        {
            response = await handler.HandleAsync(activity, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away (Teams gave up, or we are shutting down): not an error, and nobody reads an answer.
            LogAborted(log, activity.Type);
            return Results.Empty;
        }
        if (response is null) return Results.Ok();
        return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, ConnectorJson.Options, statusCode: response.Status);
    }

    /// <summary>
    /// Development only (start-up refuses it elsewhere). The serviceUrl is written by whoever sends the request, so it
    /// proves nothing on its own: the request must also come from this machine, not through a proxy or tunnel, the
    /// bot must have no outbound credential to leak, and Kestrel must listen on loopback only (also checked at start).
    /// </summary>
    private static InboundAuthResult CheckAnonymous(Activity activity, BotOptions bot, HttpContext http, IServer server)
    {
        if (bot.Credential.Type != CredentialType.None)
            return InboundAuthResult.Unauthorized("anonymous request while an outbound credential is configured");
        if (!SecurityChecks.IsLocalRequest(http.Connection.RemoteIpAddress, http.Request.Headers.Keys))
            return InboundAuthResult.Unauthorized("anonymous request not from this machine");
        if (AnonymousModeGuard.ExposedAddresses(server).Count > 0)
            return InboundAuthResult.Unauthorized("anonymous request while listening beyond loopback");
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) || !SecurityChecks.IsLoopback(uri))
            return InboundAuthResult.Unauthorized("anonymous request with a non-loopback serviceUrl");
        return InboundTokenValidator.CheckActivity(activity, bot);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity of type {Type} abandoned: the request was cancelled")]
    private static partial void LogAborted(ILogger logger, string? type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an activity with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);
}
