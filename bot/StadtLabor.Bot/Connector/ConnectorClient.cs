using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Connector;

/// <summary>
/// Calls the Bot Connector REST API (v3). Retries and Retry-After are handled by the resilience handler on the
/// HttpClient (see ConnectorRegistration); this class turns the final HTTP outcome into a SendResult.
/// </summary>
public sealed partial class ConnectorClient(HttpClient http, IOptions<BotOptions> options, ILogger<ConnectorClient> log)
{
    public const string HttpClientName = "connector";

    /// <summary>Marks a request whose caller paces itself (the outbox): a 429 comes back at once instead of being waited out here.</summary>
    internal static readonly HttpRequestOptionsKey<bool> NoThrottleRetry = new("stadtlabor.noThrottleRetry");

    /// <summary>False for the outbox, which honours Retry-After for the whole tenant instead of for one request.</summary>
    public bool WaitOutThrottling { get; set; } = true;

    /// <summary>The longest one call may take, its in-line retries included (HttpClient.Timeout spans the whole pipeline).</summary>
    public TimeSpan LongestRequest => http.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : http.Timeout;

    public Task<SendResult> ReplyAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(replyToId)}", activity, ct);

    public Task<SendResult> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities", activity, ct);

    public Task<SendResult> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct) =>
        CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", activity, ct);

    /// <summary>Creates (or finds) the 1:1 chat with a user; Sent.Id is the conversation id.</summary>
    public Task<SendResult> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string botId, string userId, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = botId },
            ["isGroup"] = false,
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["tenantId"] = tenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
        return CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", body, ct);
    }

    /// <summary>
    /// One member of a conversation, with the fields Teams adds (userPrincipalName, email) that activities do not
    /// carry. The user id may be the Teams id (29:...) or the Entra object id.
    /// </summary>
    public async Task<(SendResult Result, TeamsMember? Member)> GetMemberAsync(
        string serviceUrl, string conversationId, string userId, CancellationToken ct)
    {
        TeamsMember? member = null;
        var result = await CallAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Esc(conversationId)}/members/{Esc(userId)}", null, ct,
            body => member = body.Deserialize<TeamsMember>(ConnectorJson.Options));
        return (result, member);
    }

    /// <summary>
    /// Every member of a team (or group chat), page by page (GET .../pagedmembers; the unpaged call is throttled to 5
    /// a minute). All or nothing: when one page fails, the result is that failure and no member, so a caller never
    /// acts on half a team.
    /// </summary>
    public async Task<(SendResult Result, IReadOnlyList<TeamsMember> Members)> GetAllMembersAsync(
        string serviceUrl, string conversationId, CancellationToken ct, int pageSize = 500, int maxPages = 200)
    {
        var members = new List<TeamsMember>();
        string? token = null;
        for (var page = 0; page < maxPages; page++)
        {
            var query = $"v3/conversations/{Esc(conversationId)}/pagedmembers?pageSize={pageSize}"
                + (token is null ? "" : "&continuationToken=" + Esc(token));
            MembersPage? read = null;
            var result = await CallAsync(HttpMethod.Get, serviceUrl, query, null, ct, body => read = body.Deserialize<MembersPage>(ConnectorJson.Options));
            if (result is not SendResult.Sent) return (result, []);
            members.AddRange(read?.Members ?? []);
            token = read?.ContinuationToken;
            if (string.IsNullOrEmpty(token)) return (result, members);
        }
        return (new SendResult.Failed(null, "too many member pages"), []);
    }

    /// <summary>A team's name (GET v3/teams/{teamId}); null when Teams does not tell.</summary>
    public async Task<string?> GetTeamNameAsync(string serviceUrl, string teamId, CancellationToken ct)
    {
        string? name = null;
        var result = await CallAsync(HttpMethod.Get, serviceUrl, $"v3/teams/{Esc(teamId)}", null, ct,
            body => name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null);
        return result is SendResult.Sent ? name : null;
    }

    private async Task<SendResult> CallAsync(HttpMethod method, string serviceUrl, string relativePath, object? body,
        CancellationToken ct, Action<JsonElement>? readBody = null)
    {
        // Defence in depth: the inbound check already refused unknown hosts, but a stored reference could be stale
        // or tampered with, and this request carries our token.
        if (!SecurityChecks.IsAllowedServiceUrl(serviceUrl, options.Value.EffectiveServiceUrlHosts.ToList()))
            return new SendResult.Failed(null, "serviceUrl host not allowed");

        var baseUri = new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/");
        using var request = new HttpRequestMessage(method, new Uri(baseUri, relativePath));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ConnectorJson.Options);
        request.Options.Set(NoThrottleRetry, !WaitOutThrottling);
        try
        {
            using var response = await http.SendAsync(request, ct);
            var correlation = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
            LogCall(log, method.Method, (int)response.StatusCode, correlation);
            return await ToResultAsync(response, readBody, ct);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Failed(null, ex.HttpRequestError.ToString());
        }
        catch (Exception ex) when (ex is TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return new SendResult.Failed(null, "timeout");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult.Failed(null, "timeout");
        }
    }

    private static async Task<SendResult> ToResultAsync(HttpResponseMessage response, Action<JsonElement>? readBody, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            string? id = null;
            if (text.Length > 0 && TryParse(text) is { ValueKind: JsonValueKind.Object } json)
            {
                if (json.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String) id = idElement.GetString();
                readBody?.Invoke(json);
            }
            return new SendResult.Sent(id);
        }

        var code = TryParse(text) is { ValueKind: JsonValueKind.Object } error &&
                   error.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object &&
                   e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new SendResult.Throttled(RetryAfterOf(response)),
            HttpStatusCode.NotFound => new SendResult.RecipientGone(status, code),
            HttpStatusCode.Forbidden when IsBlocked(code) => new SendResult.RecipientGone(status, code),
            _ => new SendResult.Failed(status, code ?? response.ReasonPhrase ?? "error"),
        };
    }

    /// <summary>Teams says "the user blocked or uninstalled the bot" with these codes; retrying never helps.</summary>
    internal static bool IsBlocked(string? code) =>
        code is "MessageWritesBlocked" or "ConversationBlockedByUser" or "BotNotInConversationRoster";

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    private static JsonElement? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    private static string Esc(string value) => Uri.EscapeDataString(value);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connector {Method} answered {Status} (correlation {CorrelationId})")]
    private static partial void LogCall(ILogger logger, string method, int status, string? correlationId);
}

/// <summary>One page of GET .../pagedmembers.</summary>
public sealed class MembersPage
{
    public List<TeamsMember>? Members { get; set; }
    public string? ContinuationToken { get; set; }
}

/// <summary>A conversation member as GET .../members/{id} describes it in Teams.</summary>
public sealed class TeamsMember
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
}
