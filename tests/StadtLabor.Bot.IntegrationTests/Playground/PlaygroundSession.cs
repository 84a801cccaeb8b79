using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// The bot in anonymous Development mode on Kestrel (as ./run.sh starts it, but on free ports and a temporary
/// SQLite file) and the real Agents Playground pointed at it, with the conversation stream open. Tests share one
/// session and run one after the other; the app is installed in the personal chat once, by whoever asks first.
/// </summary>
public class PlaygroundSession : IAsyncLifetime
{
    private readonly SemaphoreSlim _installGate = new(1, 1);
    private IReadOnlyList<PlaygroundMessage>? _welcome;
    private string? _sqliteFile;

    public string? Unavailable { get; private set; }
    public PlaygroundDriver Playground { get; private set; } = null!;
    public PlaygroundConfig Config { get; private set; } = null!;
    public WebApplication Bot { get; private set; } = null!;
    public BotTraffic Traffic { get; } = new();
    public LogSink Logs { get; } = new();
    public string Chat => Config.PersonalChatId;

    /// <summary>Settings a session for one story adds (e.g. a role for the Playground's user), given the Playground's config.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings(PlaygroundConfig config) => [];

    public async ValueTask InitializeAsync()
    {
        Unavailable = PlaygroundDriver.Unavailable();
        if (Unavailable is not null) return;
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        // The Playground must know the bot's URL, and the bot must know the Playground's port (serviceUrl allow-list)
        // and tenant (tenant allow-list): so pick both ports first, start the Playground, read its tenant, start the bot.
        var botPort = RepoPaths.FreePort();
        var playgroundPort = RepoPaths.FreePort();
        var botUrl = $"http://127.0.0.1:{botPort.ToString(CultureInfo.InvariantCulture)}";
        Playground = await PlaygroundDriver.StartAsync(new Uri(botUrl + "/api/messages"), playgroundPort);
        Playground.MoreDiagnostics = BotLogTail;
        Config = await Playground.GetConfigAsync(beforeBotStarts: true);

        var dir = Path.Combine(Path.GetTempPath(), "stadtlabor-tests");
        Directory.CreateDirectory(dir);
        _sqliteFile = Path.Combine(dir, $"playground-{Guid.NewGuid():N}.db");
        var port = playgroundPort.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            // The same switches as the Playground launch profile (bot/StadtLabor.Bot/Properties/launchSettings.json).
            ["Bot:AppId"] = "00000000-0000-0000-0000-000000000000",
            ["Bot:AllowedTenants:0"] = Config.TenantId,
            ["Bot:ServiceUrlHosts:0"] = "localhost:" + port,
            ["Bot:ServiceUrlHosts:1"] = "127.0.0.1:" + port,
            ["Bot:Credential:Type"] = "None",
            ["Bot:DangerouslyAllowAnonymous"] = "true",
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Lab"] = $"Data Source={_sqliteFile}",
            ["QuietHours:Enabled"] = "false",
        };
        foreach (var (key, value) in MoreSettings(Config)) settings[key] = value;
        Bot = LabApp.Build(["--environment=Development", $"--urls={botUrl}"], Program.Features, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
            builder.Services.AddSingleton(Traffic);
            builder.Services.AddSingleton<IStartupFilter>(new BotTraffic.Filter(Traffic));
        });
        await Bot.Services.MigrateLabDatabaseAsync();
        await Bot.StartAsync();

        // What the page does on load; it also proves the Playground reaches the bot.
        var config = await Playground.GetConfigAsync();
        Assert.True(config == Config, $"The Playground's config changed between /testConfig ({Config}) and /config ({config}).");
        await Playground.ConnectStreamAsync();
    }

    /// <summary>
    /// Installs the app in the personal chat (once per session) and returns every bot message the install caused,
    /// counted after both install activities were answered and every reply was sent.
    /// </summary>
    public async Task<IReadOnlyList<PlaygroundMessage>> EnsureInstalledAsync()
    {
        await _installGate.WaitAsync();
        try
        {
            if (_welcome is not null) return _welcome;
            var mark = Playground.Mark();
            await Playground.InstallAsync(Chat);
            await Playground.NextBotMessageAsync(Config, mark, "the welcome card after installing the app in the personal chat");

            // The Playground fires installationUpdate and conversationUpdate at the same moment; let both finish.
            var deadline = DateTime.UtcNow + PlaygroundDriver.StepTimeout;
            while (!(Traffic.Answered("installationUpdate") && Traffic.Answered("conversationUpdate") && Bot.Services.GetRequiredService<ReplySender>().Pending == 0))
            {
                if (DateTime.UtcNow > deadline) Assert.Fail($"The bot did not finish the two install activities within {PlaygroundDriver.StepTimeout.TotalSeconds} s.{Playground.LogTail()}");
                await Task.Delay(50);
            }

            await Task.Delay(300); // the Playground forwards a posted message to the stream right after answering the post
            _welcome = Playground.MessagesSince(mark).Where(m => m.FromId == Config.BotId).ToList();
            return _welcome;
        }
        finally
        {
            _installGate.Release();
        }
    }

    private string BotLogTail()
    {
        var lines = Logs.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal)).TakeLast(15).ToList();
        var sb = new StringBuilder("--- Bot log (last lines, without Debug) ---\n");
        foreach (var line in lines) sb.Append("  ").Append(line.Length > 300 ? line[..300] + "…" : line).Append('\n');
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Playground is not null) await Playground.DisposeAsync();
        if (Bot is not null) await Bot.DisposeAsync();
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_sqliteFile + suffix);
        }

        _installGate.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Records what the bot answered on /api/messages (status and body) per activity, because the Playground passes on
/// only part of an invoke response (it drops statusCode) and says nothing about the other answers.
/// </summary>
public sealed class BotTraffic
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public sealed record Exchange(JsonObject? Activity, int Status, string Body)
    {
        public string Type => Activity?["type"]?.ToString() ?? "";
        public string? Id => Activity?["id"]?.ToString();
    }

    public IReadOnlyList<Exchange> Exchanges => _exchanges.ToList();

    public bool Answered(string activityType) => _exchanges.Any(e => e.Type == activityType);

    /// <summary>The bot's own answer to the invoke whose activity matches, or null.</summary>
    public Exchange? Find(Func<Exchange, bool> match) => _exchanges.LastOrDefault(match);

    internal sealed class Filter(BotTraffic traffic) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != "/api/messages")
                {
                    await nextMiddleware(http);
                    return;
                }

                http.Request.EnableBuffering();
                string requestBody;
                using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true)) requestBody = await reader.ReadToEndAsync();
                http.Request.Body.Position = 0;

                var original = http.Response.Body;
                using var buffer = new MemoryStream();
                http.Response.Body = buffer;
                try
                {
                    await nextMiddleware(http);
                }
                finally
                {
                    http.Response.Body = original;
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    JsonObject? activity = null;
                    try
                    {
                        activity = JsonNode.Parse(requestBody) as JsonObject;
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        // recorded without the activity
                    }

                    traffic._exchanges.Enqueue(new Exchange(activity, http.Response.StatusCode, Encoding.UTF8.GetString(buffer.ToArray())));
                }
            });
            next(app);
        };
    }
}
