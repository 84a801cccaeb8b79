using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Benchmarks;

/// <summary>
/// Reading a request body the way MessagesEndpoint does (the shape check for duplicate names and NULs, then
/// System.Text.Json with ConnectorJson.Options), and writing our answers: a card reply to the connector and the
/// invoke response that replaces a clicked card.
/// </summary>
[MemoryDiagnoser]
public class ActivityJson
{
    private BotPieces _bot = null!;
    private Activity _cardReply = null!;
    private JsonNode _invokeBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bot = new BotPieces();
        var hilfe = ParseHilfeMessage();
        if (hilfe.Text != "hilfe" || hilfe.TenantId != BotPieces.TenantId) throw new InvalidOperationException("The hilfe message did not parse as Teams means it");
        var invoke = ParseActionExecuteInvoke();
        if ((invoke.Value as JsonObject)?["action"]?["verb"]?.GetValue<string>() != "trainings.signUp")
            throw new InvalidOperationException("The invoke did not parse as Teams means it");

        // The "hilfe" answer as the router addresses it (ActivityRouter.Address) before the ReplySender posts it.
        var menu = _bot.Cards.Render("menu/main", "de", BotPieces.SampleData("menu/main"));
        _cardReply = Activity.Card(menu);
        _cardReply.From = hilfe.Recipient;
        _cardReply.Recipient = hilfe.From;
        _cardReply.Conversation = hilfe.Conversation;
        _cardReply.ChannelId = hilfe.ChannelId;
        _cardReply.ServiceUrl = hilfe.ServiceUrl;
        _cardReply.ReplyToId = hilfe.Id;

        // A click answered with the refreshed trainings list (what SignUp returns).
        _invokeBody = InvokeResponse.Card(_bot.Cards.Render("trainings/list", "de", BotPieces.SampleData("trainings/list"))).Body!;
    }

    [Benchmark]
    public Activity ParseHilfeMessage() => Parse(TeamsActivities.HilfeMessage);

    [Benchmark]
    public Activity ParseActionExecuteInvoke() => Parse(TeamsActivities.SignUpInvoke);

    /// <summary>The shape check alone, to tell its share of the parse.</summary>
    [Benchmark]
    public string? ShapeCheckHilfeMessage() => ActivityShape.BodyProblem(TeamsActivities.HilfeMessage);

    /// <summary>The menu card reply as ConnectorClient's JsonContent writes it.</summary>
    [Benchmark]
    public byte[] SerializeCardReply() => JsonSerializer.SerializeToUtf8Bytes(_cardReply, _cardReply.GetType(), ConnectorJson.Options);

    /// <summary>The invoke response body as MessagesEndpoint's Results.Json writes it.</summary>
    [Benchmark]
    public byte[] SerializeInvokeResponse() => JsonSerializer.SerializeToUtf8Bytes(_invokeBody, ConnectorJson.Options);

    private static Activity Parse(byte[] body)
    {
        if (ActivityShape.BodyProblem(body) is { } problem) throw new InvalidOperationException(problem);
        return JsonSerializer.Deserialize<Activity>(body, ConnectorJson.Options)!;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _bot.DisposeAsync();
}
