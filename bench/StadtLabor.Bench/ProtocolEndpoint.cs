using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace StadtLabor.Bench;

/// <summary>
/// What the Bot Framework protocol itself costs, without any bot: read and parse the activity, answer 200, then post a
/// one-line text reply to the connector (serviceUrl/v3/conversations/{id}/activities/{replyToId}). No JWT check, no
/// database, no outbound token. The reply is posted after the response is sent (Kestrel runs OnCompleted before the
/// next request on the same connection), so the acknowledgement is measured alone and the replies cannot run away from
/// the acknowledgements: nothing is queued.
/// </summary>
public static class ProtocolEndpoint
{
    public static async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProtocolJson.Default));
        var app = builder.Build();
        using var connector = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        app.MapPost("/api/messages", async (HttpContext http) =>
        {
            var activity = await http.Request.ReadFromJsonAsync(ProtocolJson.Default.ProtocolActivity, http.RequestAborted);
            if (activity is not { Type: "message", ServiceUrl: { Length: > 0 } serviceUrl, Conversation.Id: { Length: > 0 } conversation }) return Results.BadRequest();
            var url = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{Uri.EscapeDataString(activity.Id ?? "")}";
            var reply = new ProtocolReply("message", $"Echo: {activity.Text}", activity.Id, activity.Conversation, activity.Recipient, activity.From);
            http.Response.OnCompleted(() => ReplyAsync(connector, url, reply));
            return Results.Ok();
        });
        app.MapGet("/health/ready", () => Results.Ok());
        await app.RunAsync();
    }

    private static async Task ReplyAsync(HttpClient connector, string url, ProtocolReply reply)
    {
        try
        {
            using var response = await connector.PostAsJsonAsync(url, reply, ProtocolJson.Default.ProtocolReply);
        }
        catch (HttpRequestException)
        {
            // The stub counts what arrives; a lost reply shows as backlog, which is the figure that matters here.
        }
    }
}

public sealed record ProtocolAccount(string? Id, string? Name);

public sealed record ProtocolConversation(string? Id);

/// <summary>The fields of an incoming activity a reply needs; the rest of the JSON is read and skipped.</summary>
public sealed record ProtocolActivity(string? Type, string? Id, string? ServiceUrl, ProtocolConversation? Conversation, ProtocolAccount? From, ProtocolAccount? Recipient, string? Text);

public sealed record ProtocolReply(string Type, string Text, string? ReplyToId, ProtocolConversation? Conversation, ProtocolAccount? From, ProtocolAccount? Recipient);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProtocolActivity))]
[JsonSerializable(typeof(ProtocolReply))]
internal sealed partial class ProtocolJson : JsonSerializerContext;
