using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on Kestrel with a real database, talking to a local OpenID issuer and a local connector stub:
/// everything Teams-facing is local, nothing is mocked inside the app.
/// </summary>
public abstract class BotFixture : IAsyncLifetime
{
    public const string AppId = "6f1f8d3e-2b7a-4c55-9f0e-5a1d2c3b4a59";
    public const string TenantId = "9a8b7c6d-1111-4222-8333-444455556666";

    protected abstract DatabaseProvider Provider { get; }

    protected virtual string Environment => "Production";

    /// <summary>Extra configuration for a fixture (e.g. shorter retry delays).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Test-only feature modules added after the real ones (e.g. a verb that throws, a job that fails).</summary>
    protected virtual IReadOnlyList<IFeatureModule> TestFeatures => [];

    public TestIssuer Issuer { get; private set; } = null!;
    public ConnectorStub Connector { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public FakeEntraCredential Entra { get; } = new();
    public LogSink Logs { get; } = new();
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Unavailable = TestDatabase.Unavailable(Provider);
        if (Unavailable is not null) return;
        Issuer = await TestIssuer.StartAsync();
        Connector = await ConnectorStub.StartAsync();
        await StartMoreStubsAsync();
        Database = await TestDatabase.CreateAsync(Provider);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = TenantId,
            ["Bot:AllowedTenants:0"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = Issuer.MetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Bot:ServiceUrlHosts:0"] = Connector.HostAndPort,
            ["Bot:Credential:Type"] = "ClientSecret",
            ["Bot:Credential:ClientSecret"] = "not-used-the-credential-is-faked",
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Lab"] = Database.ConnectionString,
            ["Connector:BaseDelayMilliseconds"] = "20",
            ["Connector:AttemptTimeoutSeconds"] = "2",
            ["Bot:PublicBaseUrl"] = "https://stadtlabor-bot.test.example",
            // What a test checks must not depend on the hour it runs at; the quiet-hours rule has its own unit tests.
            ["QuietHours:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings) settings[key] = value;

        App = LabApp.Build([$"--environment={Environment}", "--urls=http://127.0.0.1:0"], [.. Program.Features, .. TestFeatures], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug)
                .AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
            builder.Services.AddSingleton(new ConnectorCredential(Entra));
        });
        await App.Services.MigrateLabDatabaseAsync();
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Urls.First()) };
    }

    /// <summary>Further local stand-ins a fixture needs before the app reads its settings (e.g. Entra for the pages).</summary>
    protected virtual Task StartMoreStubsAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartMoreStubsAsync"/> started.</summary>
    protected virtual ValueTask DisposeMoreStubsAsync() => ValueTask.CompletedTask;

    public string ValidToken() => Issuer.Token(AppId, Connector.ServiceUrl);

    /// <summary>Posts an activity the way the Bot Connector does, with a valid token unless one is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization = "valid", CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization == "valid") request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ValidToken());
        else if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await Http.SendAsync(request, ct);
    }

    public async Task<JsonObject> InvokeAsync(JsonObject activity, CancellationToken ct = default)
    {
        using var response = await PostAsync(activity, ct: ct);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
    }

    public async Task<T> WithDbAsync<T>(Func<LabDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Unavailable is not null) return;
        Http.Dispose();
        // Stopped first, as a real shutdown does: disposing a running host let Quartz's cluster check ask the already
        // disposed service provider for its scheduler, which failed the fixture now and then.
        using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(15))) await App.StopAsync(shutdown.Token);
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await DisposeMoreStubsAsync();
        await Issuer.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The development-only anonymous mode the Agents Playground needs.</summary>
public sealed class AnonymousDevelopmentBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string Environment => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Bot:DangerouslyAllowAnonymous"] = "true",
        ["Bot:Credential:Type"] = "None",
    };
}

/// <summary>Outbox retries made quick for fault tests: three attempts, no backoff wait, short leases.</summary>
public sealed class OutboxFaultBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Outbox:MaxAttempts"] = "3",
        ["Outbox:RetryBaseSeconds"] = "0",
        ["Outbox:PollMilliseconds"] = "50",
        ["Outbox:LeaseSeconds"] = "5",
        ["Connector:MaxRetries"] = "1",
        ["Connector:AttemptTimeoutSeconds"] = "1",
    };
}

/// <summary>
/// For the fan-out load run: the dispatcher and the stub use the same Teams limits, shrunk in time by
/// STADTLABOR_LOAD_SCALE (default 0.5; 1 = the real limits, for the figures in the closing note).
/// </summary>
public sealed class FanOutBot : BotFixture
{
    public static double Scale => double.TryParse(System.Environment.GetEnvironmentVariable("STADTLABOR_LOAD_SCALE"),
        System.Globalization.CultureInfo.InvariantCulture, out var scale) ? scale : 0.5;

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:TimeScale"] = Scale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Outbox:PollMilliseconds"] = "50",
        ["Connector:AttemptTimeoutSeconds"] = "10",
    };
}

public sealed class PostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
