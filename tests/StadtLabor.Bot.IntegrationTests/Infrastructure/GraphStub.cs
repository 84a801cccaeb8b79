using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>One request the bot made to Graph (answered or refused), with the time it arrived.</summary>
public sealed record GraphRequest(string Method, string Path, string Query, string? Authorization, JsonNode? Body, DateTimeOffset At, int Status);

/// <summary>
/// Stands in for Microsoft Graph (graph.microsoft.com/v1.0) on loopback and behaves like it: the endpoints the bot
/// uses keep state (events with transactionId, group memberships, installed apps; each in its own partial file), every
/// error comes in Graph's JSON shape ({"error":{"code","message"}}), and a test can script the failures Graph has:
/// 429 with Retry-After, 503, 404, 412, a hang. <see cref="ConcurrentPerMailbox"/> enforces Outlook's limit of 4 concurrent
/// requests per app and mailbox with a 429 (ApplicationThrottled), as Exchange does.
/// </summary>
public sealed partial class GraphStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentQueue<(Func<HttpRequest, bool> Match, Func<HttpContext, Task> Answer)> _scripted = new();
    private readonly ConcurrentDictionary<string, int> _inFlightPerMailbox = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _mostInFlightPerMailbox = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The base URL the bot is configured with (…/v1.0).</summary>
    public string BaseUrl { get; private set; } = "";
    public string HostAndPort => new Uri(BaseUrl).Authority;

    /// <summary>Outlook's limit per mailbox; more at once are answered 429. Null: no limit.</summary>
    public int? ConcurrentPerMailbox { get; set; } = 4;

    /// <summary>Each request waits this long before it is answered (to make concurrency visible).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<GraphRequest> Requests => _requests.ToList();

    /// <summary>The most requests that were in flight at once for a mailbox (user id or UPN in the path).</summary>
    public int MostInFlight(string mailbox) => _mostInFlightPerMailbox.GetValueOrDefault(mailbox);

    private GraphStub(WebApplication app)
    {
        _app = app;
        app.Use(async (http, next) =>
        {
            var arrived = DateTimeOffset.UtcNow;
            http.Request.EnableBuffering();
            JsonNode? body = null;
            if (http.Request.ContentLength > 0)
            {
                body = await JsonNode.ParseAsync(http.Request.Body);
                http.Request.Body.Position = 0;
            }
            var mailbox = MailboxOf(http.Request.Path.Value ?? "");
            var inFlight = mailbox is null ? 0 : _inFlightPerMailbox.AddOrUpdate(mailbox, 1, (_, n) => n + 1);
            try
            {
                if (mailbox is not null) _mostInFlightPerMailbox.AddOrUpdate(mailbox, inFlight, (_, n) => Math.Max(n, inFlight));
                if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
                if (mailbox is not null && ConcurrentPerMailbox is { } limit && inFlight > limit)
                {
                    await ErrorAsync(http, 429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", retryAfterSeconds: 1);
                }
                else if (TakeScripted(http.Request) is { } answer)
                {
                    await answer(http);
                }
                else
                {
                    await next(http);
                }
            }
            finally
            {
                if (mailbox is not null) _inFlightPerMailbox.AddOrUpdate(mailbox, 0, (_, n) => n - 1);
                _requests.Enqueue(new GraphRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
                    http.Request.Headers.Authorization.ToString(), body, arrived, http.Response.StatusCode));
            }
        });
        MapCalendar(app);
        MapDirectory(app);
        MapPeople(app);
        MapInstalledApps(app);
        app.MapFallback(http => ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{http.Request.Path}' does not exist."));
    }

    partial void MapCalendar(WebApplication app);

    partial void MapDirectory(WebApplication app);

    partial void MapPeople(WebApplication app);

    partial void MapInstalledApps(WebApplication app);

    public static async Task<GraphStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new GraphStub(builder.Build());
        await stub._app.StartAsync();
        stub.BaseUrl = stub._app.Urls.First() + "/v1.0";
        return stub;
    }

    /// <summary>The next request that matches gets this answer (once); scripted answers are used in order.</summary>
    public void Then(Func<HttpRequest, bool> match, Func<HttpContext, Task> answer) => _scripted.Enqueue((match, answer));

    /// <summary>The next <paramref name="times"/> requests that match get a Graph error (e.g. 429 with Retry-After, 503, 404, 412).</summary>
    public void Fail(Func<HttpRequest, bool> match, int status, int times = 1, int? retryAfterSeconds = null, string? code = null)
    {
        for (var i = 0; i < times; i++)
            Then(match, http => ErrorAsync(http, status, code ?? DefaultCode(status), "scripted by the test", retryAfterSeconds));
    }

    /// <summary>The next matching request hangs longer than the bot's timeout, then answers 504.</summary>
    public void Hang(Func<HttpRequest, bool> match, TimeSpan howLong) =>
        Then(match, async http =>
        {
            try { await Task.Delay(howLong, http.RequestAborted); } catch (OperationCanceledException) { return; }
            await ErrorAsync(http, 504, "GatewayTimeout", "scripted hang");
        });

    /// <summary>Forgets recorded requests (state of events, groups and apps stays).</summary>
    public void ClearRequests() => _requests.Clear();

    private Func<HttpContext, Task>? TakeScripted(HttpRequest request)
    {
        // Take the first matching script; the others keep their order.
        var kept = new List<(Func<HttpRequest, bool>, Func<HttpContext, Task>)>();
        Func<HttpContext, Task>? found = null;
        lock (_scripted)
        {
            while (_scripted.TryDequeue(out var s))
            {
                if (found is null && s.Match(request)) found = s.Answer;
                else kept.Add(s);
            }
            foreach (var s in kept) _scripted.Enqueue(s);
        }
        return found;
    }

    /// <summary>Graph's error body; 429/503 with Retry-After in seconds when given.</summary>
    public static async Task ErrorAsync(HttpContext http, int status, string code, string message, int? retryAfterSeconds = null)
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["request-id"] = Guid.NewGuid().ToString(), ["date"] = DateTime.UtcNow.ToString("s") },
            },
        });
    }

    private static string DefaultCode(int status) => status switch
    {
        429 => "TooManyRequests",
        503 => "ServiceNotAvailable",
        404 => "ErrorItemNotFound",
        412 => "ErrorIrresolvableConflict",
        403 => "ErrorAccessDenied",
        _ => "generalException",
    };

    /// <summary>"/v1.0/users/{id}/…" → the user or mailbox the request is about.</summary>
    private static string? MailboxOf(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var users = Array.IndexOf(parts, "users");
        return users >= 0 && users + 1 < parts.Length ? Uri.UnescapeDataString(parts[users + 1]) : null;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
