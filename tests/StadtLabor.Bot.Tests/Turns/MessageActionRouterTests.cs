using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Turns;

/// <summary>
/// Message-extension actions through the real router (composeExtension/fetchTask and submitAction): every answer is
/// an HTTP 200 whose body Teams reads as a dialog, <c>{"task":{"type":"continue","value":{title,…,card}}}</c>, or a
/// closing text, <c>{"task":{"type":"message","value":"…"}}</c>; never a 500, also for an unknown command or a handler
/// that throws, and no card in a dialog carries Action.Execute (dialogs submit with Action.Submit only).
/// </summary>
public sealed partial class MessageActionRouterTests : IAsyncLifetime
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string StaffId = "00000000-0000-4000-8000-000000000000";
    private static readonly Strings Words = new();
    private static readonly JsonObject DialogCard = new() { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray() };

    private readonly Calls _calls = new();
    private ServiceProvider _services = null!;

    private sealed class Calls
    {
        public readonly List<(string Kind, JsonObject Value, JsonObject? Data)> Seen = [];
    }

    private sealed class Recording(Calls calls) : IMessageActionHandler
    {
        public Task<DialogResult> FetchAsync(TurnContext turn, JsonObject value, CancellationToken ct)
        {
            calls.Seen.Add(("fetch", value, null));
            return Task.FromResult<DialogResult>(new DialogResult.Card(DialogCard.DeepClone().AsObject(), "Als Idee einreichen"));
        }

        public Task<DialogResult> SubmitAsync(TurnContext turn, JsonObject value, JsonObject data, CancellationToken ct)
        {
            calls.Seen.Add(("submit", value, data));
            return Task.FromResult<DialogResult>(new DialogResult.Message("Danke!"));
        }
    }

    private sealed class Throwing : IMessageActionHandler
    {
        public Task<DialogResult> FetchAsync(TurnContext turn, JsonObject value, CancellationToken ct) =>
            throw new InvalidOperationException("bug in the dialog");

        public Task<DialogResult> SubmitAsync(TurnContext turn, JsonObject value, JsonObject data, CancellationToken ct) =>
            throw new InvalidOperationException("bug in the submit");
    }

    private sealed class NoRoles : IRoleSource
    {
        public Task<IReadOnlySet<Role>> RolesOfAsync(LabUser user, CancellationToken ct) => Task.FromResult<IReadOnlySet<Role>>(new HashSet<Role>());
    }

    public ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(Words);
        services.AddSingleton<CardRenderer>();
        services.AddSingleton<ReplySender>();
        services.AddSingleton(_calls);
        services.AddSingleton<IRoleSource, NoRoles>();
        services.AddScoped<RoleGate>();
        services.AddScoped<Languages>();
        _services = services.BuildServiceProvider();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private async Task<(int Status, JsonNode? Body)> SendAsync(string name, JsonObject value)
    {
        var routes = new TurnRoutes()
            .MessageAction<Recording>("submitIdea")
            .MessageAction<Throwing>("brokenAction")
            .MessageAction<Recording>("lotsenOnly", Role.Lotse);
        var router = ActivatorUtilities.CreateInstance<ActivityRouter>(_services.CreateScope().ServiceProvider, routes);
        var activity = JsonSerializer.Deserialize<Activity>(new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = name,
            ["id"] = "f:invoke-1",
            ["serviceUrl"] = "https://smba.trafficmanager.net/emea/",
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:erika", ["name"] = "Mustermann, Erika", ["aadObjectId"] = StaffId },
            ["conversation"] = new JsonObject { ["id"] = "19:ordnungsamt@thread.tacv2", ["conversationType"] = "channel", ["tenantId"] = Tenant },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["locale"] = "de-DE",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            ["value"] = value,
        }.ToJsonString(), ConnectorJson.Options)!;
        var response = await router.HandleAsync(activity, CancellationToken.None);
        Assert.NotNull(response);
        return (response.Status, JsonNode.Parse(JsonSerializer.Serialize(response.Body, ConnectorJson.Options)));
    }

    private static JsonObject Value(string commandId, JsonObject? data = null)
    {
        var value = new JsonObject
        {
            ["commandId"] = commandId,
            ["commandContext"] = "message",
            ["context"] = new JsonObject { ["theme"] = "default" },
            ["messagePayload"] = new JsonObject { ["id"] = "1611060744833", ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>Hallo</p>" } },
        };
        if (data is not null) value["data"] = data;
        return value;
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    [Fact]
    public async Task FetchTask_CardResult_DialogContinueWithAdaptiveCard()
    {
        var (status, body) = await SendAsync("composeExtension/fetchTask", Value("submitIdea"));

        Assert.Equal(200, status);
        var expected = JsonNode.Parse("""
            {"task":{"type":"continue","value":{"title":"Als Idee einreichen","height":"large","width":"medium",
              "card":{"contentType":"application/vnd.microsoft.card.adaptive","content":null}}}}
            """)!;
        expected["task"]!["value"]!["card"]!["content"] = DialogCard.DeepClone();
        AssertJson(expected.ToJsonString(), body);
        var (kind, value, _) = Assert.Single(_calls.Seen);
        Assert.Equal("fetch", kind);
        Assert.Equal("<p>Hallo</p>", value["messagePayload"]!["body"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAction_MessageResult_DialogMessageAndHandlerGetsTheData()
    {
        var (status, body) = await SendAsync("composeExtension/submitAction", Value("submitIdea", new JsonObject { ["step"] = "check", ["title"] = "Termine online" }));

        Assert.Equal(200, status);
        AssertJson("""{"task":{"type":"message","value":"Danke!"}}""", body);
        var (kind, _, data) = Assert.Single(_calls.Seen);
        Assert.Equal("submit", kind);
        AssertJson("""{"step":"check","title":"Termine online"}""", data);
    }

    [Theory]
    [InlineData("composeExtension/fetchTask", "\"noSuchCommand\"")]
    [InlineData("composeExtension/submitAction", "\"noSuchCommand\"")]
    [InlineData("composeExtension/fetchTask", "42")]
    [InlineData("composeExtension/fetchTask", "null")]
    public async Task UnknownCommandId_AnyInvoke_DialogMessageNot500(string name, string commandId)
    {
        var value = Value("x");
        value["commandId"] = JsonNode.Parse(commandId);

        var (status, body) = await SendAsync(name, value);

        Assert.Equal(200, status);
        AssertJson(new JsonObject { ["task"] = new JsonObject { ["type"] = "message", ["value"] = Words.Get("de", "invoke.unknownAction") } }.ToJsonString(), body);
        Assert.Empty(_calls.Seen);
    }

    [Theory]
    [InlineData("composeExtension/fetchTask")]
    [InlineData("composeExtension/submitAction")]
    public async Task HandlerThrows_AnyInvoke_ErrorCardAsDialogWithIncidentAndNoExecuteButton(string name)
    {
        var (status, body) = await SendAsync(name, Value("brokenAction", new JsonObject()));

        Assert.Equal(200, status);
        Assert.Equal("continue", body!["task"]!["type"]!.GetValue<string>());
        Assert.Equal(Words.Get("de", "error.dialogTitle"), body["task"]!["value"]!["title"]!.GetValue<string>());
        var attachment = body["task"]!["value"]!["card"]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        var text = attachment["content"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Matches(IncidentPattern(), text);
        Assert.DoesNotContain("Action.Execute", text, StringComparison.Ordinal);
        Assert.Contains("stadtlabor@soest.de", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleGatedAction_StaffUser_DeniedCardAsDialogWithoutExecuteAndHandlerNotRun()
    {
        var (status, body) = await SendAsync("composeExtension/fetchTask", Value("lotsenOnly"));

        Assert.Equal(200, status);
        Assert.Equal("continue", body!["task"]!["type"]!.GetValue<string>());
        var text = body["task"]!["value"]!["card"]!["content"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains(Words.Get("de", "denied.title"), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Execute", text, StringComparison.Ordinal);
        Assert.Empty(_calls.Seen);
    }

    [Fact]
    public void ForDialog_ErrorCardWithRetry_KeepsTextDropsExecuteButtons()
    {
        var card = new CardRenderer(Words).Render("shared/error", "de", new JsonObject
        {
            ["reason"] = "Grund",
            ["retry"] = new JsonObject { ["verb"] = "lending.reserve", ["data"] = new JsonObject() },
        });
        var body = card["body"]!.ToJsonString();

        var dialog = ActivityRouter.ForDialog(card);

        Assert.Null(dialog["actions"]);
        Assert.Equal(body, dialog["body"]!.ToJsonString());
    }

    // The incident sentence with an 8-hex-digit id, as the error card words it.
    [GeneratedRegex(@"Vorfallsnummer [0-9a-f]{8}")]
    private static partial Regex IncidentPattern();
}
