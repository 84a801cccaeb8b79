using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>
/// The real router with a route registry that has a LabTeam verb and command (no production route needs a role yet),
/// so the deny path is proven before any feature relies on it: the handler never runs for a user without the role.
/// </summary>
public sealed class RouterRoleCheckTests : IAsyncLifetime
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private static readonly Strings Words = new();

    private static readonly Dictionary<Role, string> ObjectIds = Enum.GetValues<Role>()
        .ToDictionary(r => r, r => $"00000000-0000-4000-8000-00000000000{(int)r}");

    private readonly Recorder _recorder = new();
    private readonly FakeRoleSource _source = new();
    private readonly SentActivities _sent = new();
    private ServiceProvider _services = null!;

    private sealed class Recorder
    {
        public int Runs;
    }

    /// <summary>Object id "...0N" holds role N; counts how often it was asked.</summary>
    private sealed class FakeRoleSource : IRoleSource
    {
        public int Lookups;

        public Task<IReadOnlySet<Role>> RolesOfAsync(LabUser user, CancellationToken ct)
        {
            Interlocked.Increment(ref Lookups);
            var held = ObjectIds.Where(p => p.Value == user.AadObjectId).Select(p => p.Key).ToHashSet();
            return Task.FromResult<IReadOnlySet<Role>>(held);
        }
    }

    private sealed class GatedAction(Recorder recorder) : IVerbHandler, ITurnHandler
    {
        public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
        {
            Interlocked.Increment(ref recorder.Runs);
            return Task.FromResult<VerbResult>(new VerbResult.Message("done"));
        }

        public Task HandleAsync(TurnContext turn, CancellationToken ct)
        {
            Interlocked.Increment(ref recorder.Runs);
            turn.Reply(Activity.Message("done"));
            return Task.CompletedTask;
        }
    }

    /// <summary>Stands in for the connector: what the background reply sender posts.</summary>
    private sealed class SentActivities : HttpMessageHandler
    {
        public ConcurrentQueue<JsonObject> Bodies { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Enqueue(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject());
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("""{"id":"1"}""", Encoding.UTF8, "application/json") };
        }

        public async Task<JsonObject> NextAsync()
        {
            for (var i = 0; i < 250; i++)
            {
                if (Bodies.TryDequeue(out var body)) return body;
                await Task.Delay(20);
            }
            throw new TimeoutException("no reply was sent");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(Words);
        services.AddSingleton<CardRenderer>();
        services.AddSingleton<ReplySender>();
        services.AddSingleton(_recorder);
        services.AddSingleton<IRoleSource>(_source);
        services.AddScoped<RoleGate>();
        services.AddScoped<Languages>();
        services.AddTransient(_ => new ConnectorClient(new HttpClient(_sent, disposeHandler: false), Options.Create(new BotOptions()),
            NullLogger<ConnectorClient>.Instance));
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<ReplySender>().StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<ReplySender>().StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _sent.Dispose();
    }

    private ActivityRouter Router()
    {
        var routes = new TurnRoutes()
            .Verb<GatedAction>("outbox.status", Role.LabTeam)
            .Command<GatedAction>(Role.LabTeam, "postausgang", "outbox")
            .Verb<GatedAction>("menu.show");
        return ActivatorUtilities.CreateInstance<ActivityRouter>(_services.CreateScope().ServiceProvider, routes);
    }

    private static Activity From(Role? role, string type, string locale = "de-DE")
    {
        var json = new JsonObject
        {
            ["type"] = type,
            ["id"] = "act-1",
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:someone" },
            ["conversation"] = new JsonObject { ["id"] = "a:personal", ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["locale"] = locale,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        };
        if (role is { } r) json["from"]!["aadObjectId"] = ObjectIds[r];
        return System.Text.Json.JsonSerializer.Deserialize<Activity>(json.ToJsonString(), ConnectorJson.Options)!;
    }

    private static Activity Execute(Role? role, string verb, string locale = "de-DE")
    {
        var activity = From(role, ActivityTypes.Invoke, locale);
        activity.Name = "adaptiveCard/action";
        activity.Value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject() } };
        return activity;
    }

    private static Activity Message(Role? role, string text)
    {
        var activity = From(role, ActivityTypes.Message);
        activity.Text = text;
        return activity;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Readable =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The card as text with umlauts unescaped, for Contains checks on its words.</summary>
    private static string Text(JsonNode? card) => card?.ToJsonString(Readable) ?? "";

    private static bool IsDenied(JsonNode? card, string lang = "de") => Text(card).Contains(Words.Get(lang, "denied.title"), StringComparison.Ordinal);

    private static JsonNode? CardOf(JsonObject sent) => sent["attachments"]?[0]?["content"];

    [Theory]
    [InlineData(Role.Staff)]
    [InlineData(Role.Lotse)]
    [InlineData(Role.Innovation)]
    [InlineData(Role.ResearchPartner)]
    public async Task Invoke_LabTeamVerbWithoutTheRole_DeniedCardNamingTheRoleAndHandlerNotRun(Role role)
    {
        var response = await Router().HandleAsync(Execute(role, "outbox.status"), CancellationToken.None);

        Assert.Equal(200, response!.Status);
        var card = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(response.Body, ConnectorJson.Options))!["value"];
        Assert.True(IsDenied(card), Text(card));
        Assert.Contains(Words.Get("de", "roles.labTeam"), Text(card), StringComparison.Ordinal);
        Assert.Equal(["menu.show"], CardRenderer.VerbsIn(card));
        Assert.Equal(0, _recorder.Runs);
    }

    [Theory]
    [InlineData(Role.LabTeam)]
    [InlineData(Role.Admin)]
    public async Task Invoke_LabTeamVerbWithTheRole_HandlerRuns(Role role)
    {
        var response = await Router().HandleAsync(Execute(role, "outbox.status"), CancellationToken.None);

        Assert.Equal(1, _recorder.Runs);
        Assert.Contains("done", System.Text.Json.JsonSerializer.Serialize(response!.Body, ConnectorJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NoObjectId_StaffAtMostAndSourceNotAsked()
    {
        var response = await Router().HandleAsync(Execute(null, "outbox.status"), CancellationToken.None);

        Assert.True(IsDenied(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(response!.Body, ConnectorJson.Options))));
        Assert.Equal(0, _recorder.Runs);
        Assert.Equal(0, _source.Lookups);
    }

    [Fact]
    public async Task Invoke_StaffVerb_RunsWithoutRoleLookup()
    {
        await Router().HandleAsync(Execute(Role.Staff, "menu.show"), CancellationToken.None);

        Assert.Equal(1, _recorder.Runs);
        Assert.Equal(0, _source.Lookups);
    }

    [Fact]
    public async Task Invoke_EnglishClient_DeniedCardInEnglish()
    {
        var response = await Router().HandleAsync(Execute(Role.Lotse, "outbox.status", "en-US"), CancellationToken.None);

        var card = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(response!.Body, ConnectorJson.Options))!["value"];
        Assert.True(IsDenied(card, "en"), Text(card));
        Assert.Contains(Words.Get("en", "roles.labTeam"), Text(card), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postausgang")]
    [InlineData("Outbox")]
    [InlineData("postausgang bitte")]
    public async Task Command_LabTeamCommandByStaff_DeniedCardRepliedHandlerNotRun(string text)
    {
        await Router().HandleAsync(Message(Role.Staff, text), CancellationToken.None);

        Assert.True(IsDenied(CardOf(await _sent.NextAsync())));
        Assert.Equal(0, _recorder.Runs);
    }

    [Fact]
    public async Task Command_LabTeamCommandByLabTeam_HandlerRuns()
    {
        await Router().HandleAsync(Message(Role.LabTeam, "postausgang"), CancellationToken.None);

        Assert.Equal("done", (await _sent.NextAsync())["text"]!.GetValue<string>());
        Assert.Equal(1, _recorder.Runs);
    }

    [Fact]
    public async Task Submit_LabTeamVerbByStaff_DeniedCardRepliedHandlerNotRun()
    {
        var activity = Message(Role.Staff, "");
        activity.Value = new JsonObject { ["verb"] = "outbox.status" };

        await Router().HandleAsync(activity, CancellationToken.None);

        Assert.True(IsDenied(CardOf(await _sent.NextAsync())));
        Assert.Equal(0, _recorder.Runs);
    }

    [Theory]
    [InlineData("menu.show", "menu.show")]
    [InlineData("lendingAdmin.today", "lendingAdmin.today")]
    [InlineData("lendingAdmin.records", "lendingAdmin.records")]
    [InlineData("Erika.Mustermann", "(malformed)")]
    [InlineData("Bitte ruf mich an 0170 1234567", "(malformed)")]
    [InlineData("geheim.", "(malformed)")]
    public void LoggableVerb_FreeTextInVerb_NeverLogged(string verb, string logged) =>
        Assert.Equal(logged, ActivityRouter.LoggableVerb(verb));
}
