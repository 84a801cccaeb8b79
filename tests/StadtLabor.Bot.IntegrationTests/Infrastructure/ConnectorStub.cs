using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>One request the bot made to the connector.</summary>
public sealed record ConnectorCall(string Method, string Path, string? Authorization, JsonNode? Body, DateTimeOffset At);

/// <summary>
/// Stands in for the Bot Connector service (smba.trafficmanager.net) on loopback. It records what the bot sends
/// and answers like the real service: 201 with an id by default, or the failures a test scripts (429 with
/// Retry-After, 403 MessageWritesBlocked, 404, 5xx, a hang).
/// </summary>
public sealed class ConnectorStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<ConnectorCall> _throttledCalls = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _scripted = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _perConversation = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _alwaysPerConversation = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _files = new();
    private readonly ConcurrentDictionary<string, (string Name, IReadOnlyList<JsonObject> Members)> _teams = new();
    private Func<HttpContext, Task>? _always;
    private int _nextId;
    private TeamsLimits? _limits;
    private int _throttled;

    /// <summary>How many requests the stub answered with 429 because a Teams limit was exceeded.</summary>
    public int Throttled => _throttled;

    public ConcurrentDictionary<string, int> ThrottledConversations { get; } = new();

    /// <summary>The requests answered with 429 by <see cref="EnforceLimits"/>, with their arrival time.</summary>
    public IReadOnlyList<ConnectorCall> ThrottledCalls => _throttledCalls.ToList();

    /// <summary>From now on, answer 429 (Retry-After: 1) to requests that exceed these limits, like Teams does.</summary>
    public void EnforceLimits(TeamsLimits limits) => _limits = limits;

    /// <summary>Back to answering everything (a shared fixture's next test class expects that).</summary>
    public void StopEnforcingLimits() => _limits = null;

    public string ServiceUrl { get; private set; } = "";
    public string HostAndPort => new Uri(ServiceUrl).Authority;
    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    private ConnectorStub(WebApplication app)
    {
        _app = app;
        app.Map("/{**path}", async (HttpContext http) =>
        {
            var arrived = DateTimeOffset.UtcNow;
            // The raw target, as sent: ids must arrive escaped (conversation ids contain ':' and sometimes ';').
            var rawTarget = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            var conversation = ConversationOf(rawTarget);
            JsonNode? body = null;
            if (http.Request.ContentLength > 0 || http.Request.Headers.ContentType.Count > 0)
                body = await JsonNode.ParseAsync(http.Request.Body);
            // A request refused for exceeding a limit is counted, not recorded: Calls holds what was accepted.
            if (_limits is { } limits && !limits.Admit(conversation ?? "(create)", arrived))
            {
                Interlocked.Increment(ref _throttled);
                _throttledCalls.Enqueue(new ConnectorCall(http.Request.Method, rawTarget, http.Request.Headers.Authorization.ToString(), body, arrived));
                ThrottledConversations.AddOrUpdate(conversation ?? "(create)", 1, (_, n) => n + 1);
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = "1";
                await http.Response.WriteAsJsonAsync(new { error = new { code = "Throttled", message = "stub limits" } });
                return;
            }
            _calls.Enqueue(new ConnectorCall(http.Request.Method, rawTarget,
                http.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow));
            if (http.Request.Method == "GET" && _files.TryGetValue(http.Request.Path.Value ?? "", out var file))
            {
                http.Response.ContentType = file.ContentType;
                await http.Response.Body.WriteAsync(file.Content);
                return;
            }
            if (conversation is not null && _perConversation.TryGetValue(conversation, out var queue) && queue.TryDequeue(out var forConversation))
            { await forConversation(http); return; }
            if (conversation is not null && _alwaysPerConversation.TryGetValue(conversation, out var alwaysForConversation))
            { await alwaysForConversation(http); return; }
            if (await AnswerTeamAsync(http, rawTarget, conversation)) return;
            if (_scripted.TryDequeue(out var scripted)) { await scripted(http); return; }
            if (_always is not null) { await _always(http); return; }
            http.Response.StatusCode = http.Request.Method == "POST" ? 201 : 200;
            var id = Interlocked.Increment(ref _nextId);
            await http.Response.WriteAsJsonAsync(new { id = http.Request.Path.Value!.EndsWith("/v3/conversations", StringComparison.Ordinal) ? $"a:conv-{id}" : $"activity-{id}" });
        });
    }

    /// <summary>Members per page of GET .../pagedmembers (small, so that every roster test pages).</summary>
    public int MemberPageSize { get; set; } = 2;

    /// <summary>
    /// A team the bot is in: GET v3/teams/{id} answers its name, GET v3/conversations/{id}/pagedmembers its members
    /// (object ids, in this tenant), page by page. Failures are scripted per team id with ThenFor/AlwaysFor.
    /// </summary>
    public void Team(string teamId, string name, IEnumerable<Activities.Persona> members) =>
        _teams[teamId] = (name, members.Select(m => new JsonObject
        {
            ["id"] = m.Id, ["name"] = m.Name, ["aadObjectId"] = m.AadObjectId, ["tenantId"] = BotFixture.TenantId,
            ["userPrincipalName"] = m.Name.Replace(' ', '.') + "@soest.example",
        }).ToList());

    private async Task<bool> AnswerTeamAsync(HttpContext http, string rawTarget, string? conversation)
    {
        if (http.Request.Method != "GET") return false;
        var path = rawTarget.Split('?')[0];
        const string teams = "/v3/teams/";
        var at = path.IndexOf(teams, StringComparison.Ordinal);
        if (at >= 0 && _teams.TryGetValue(Uri.UnescapeDataString(path[(at + teams.Length)..]), out var team))
        {
            await http.Response.WriteAsJsonAsync(new { id = Uri.UnescapeDataString(path[(at + teams.Length)..]), name = team.Name });
            return true;
        }
        if (conversation is null || !path.EndsWith("/pagedmembers", StringComparison.Ordinal) || !_teams.TryGetValue(conversation, out var roster)) return false;
        var size = int.TryParse(http.Request.Query["pageSize"], out var asked) ? Math.Min(asked, MemberPageSize) : MemberPageSize;
        var from = int.TryParse(http.Request.Query["continuationToken"], out var token) ? token : 0;
        var page = new JsonArray(roster.Members.Skip(from).Take(size).Select(m => (JsonNode)m.DeepClone()).ToArray());
        var next = from + size < roster.Members.Count ? (from + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var body = new JsonObject { ["members"] = page };
        if (next is not null) body["continuationToken"] = next;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
        return true;
    }

    public static async Task<ConnectorStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new ConnectorStub(builder.Build());
        await stub._app.StartAsync();
        stub.ServiceUrl = stub._app.Urls.First() + "/teams/";
        return stub;
    }

    /// <summary>
    /// Serves bytes at a path under the stub, as the connector serves a pasted image (…/v3/attachments/{id}/views/original);
    /// returns the absolute URL.
    /// </summary>
    public string ServeFile(string relativePath, byte[] content, string contentType)
    {
        var url = new Uri(new Uri(ServiceUrl), relativePath);
        _files[url.AbsolutePath] = (content, contentType);
        return url.AbsoluteUri;
    }

    /// <summary>The next requests get these answers, in order; then the default again.</summary>
    public void Then(params Func<HttpContext, Task>[] answers)
    {
        foreach (var answer in answers) _scripted.Enqueue(answer);
    }

    /// <summary>The next requests for one conversation get these answers, in order; then the default again.</summary>
    public void ThenFor(string conversationId, params Func<HttpContext, Task>[] answers)
    {
        var queue = _perConversation.GetOrAdd(conversationId, _ => new ConcurrentQueue<Func<HttpContext, Task>>());
        foreach (var answer in answers) queue.Enqueue(answer);
    }

    /// <summary>Every request for one conversation gets this answer.</summary>
    public void AlwaysFor(string conversationId, Func<HttpContext, Task> answer) => _alwaysPerConversation[conversationId] = answer;

    /// <summary>The conversation's failures are over: default answers again.</summary>
    public void HealFor(string conversationId)
    {
        _alwaysPerConversation.TryRemove(conversationId, out _);
        _perConversation.TryRemove(conversationId, out _);
    }

    /// <summary>Calls that address one conversation (by its escaped id in the path).</summary>
    public IReadOnlyList<ConnectorCall> CallsFor(string conversationId) =>
        _calls.Where(c => ConversationOf(c.Path) == conversationId).ToList();

    private static string? ConversationOf(string rawTarget)
    {
        const string marker = "/v3/conversations/";
        var start = rawTarget.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        var rest = rawTarget[(start + marker.Length)..];
        var end = rest.IndexOfAny(['/', '?']);
        return Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>Every request gets this answer until Reset.</summary>
    public void Always(Func<HttpContext, Task> answer) => _always = answer;

    public void Reset()
    {
        _always = null;
        _scripted.Clear();
        _calls.Clear();
    }

    public static Func<HttpContext, Task> Status(int status, string? errorCode = null, int? retryAfterSeconds = null) => async http =>
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (errorCode is not null) await http.Response.WriteAsJsonAsync(new { error = new { code = errorCode, message = "stub" } });
    };

    /// <summary>Never answers in time: the bot's per-attempt timeout must fire.</summary>
    public static Func<HttpContext, Task> Hang(TimeSpan howLong) => http => Task.Delay(howLong, http.RequestAborted);

    /// <summary>Waits until a conversation got at least <paramref name="count"/> calls (replies go out after the HTTP 200).</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForCallsAsync(string conversationId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (CallsFor(conversationId).Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} connector calls for {conversationId}, saw {CallsFor(conversationId).Count}.");
            await Task.Delay(20);
        }
        return CallsFor(conversationId);
    }

    /// <summary>
    /// Waits for the bot's reply to one incoming message (posted to .../activities/{that id}). Other messages may reach
    /// the same chat first: the outbox sends a person's receipts to their newest 1:1 chat, which a test's new chat is.
    /// </summary>
    public async Task<ConnectorCall> WaitForReplyToAsync(string conversationId, string activityId, TimeSpan? timeout = null)
    {
        var suffix = "/activities/" + Uri.EscapeDataString(activityId);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (CallsFor(conversationId).FirstOrDefault(c => c.Path.Split('?')[0].EndsWith(suffix, StringComparison.Ordinal)) is { } reply) return reply;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No reply to {activityId} in {conversationId}.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
