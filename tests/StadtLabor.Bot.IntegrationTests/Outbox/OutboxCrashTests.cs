using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Outbox;

/// <summary>
/// Issue 3: "kill the app in the middle of sending 500 messages, start it again: all delivered, duplicates at most the
/// number that were in flight". The bot runs as its own process (dotnet StadtLabor.Bot.dll, configured only by
/// environment variables) and is killed with SIGKILL, so nothing in it gets to clean up. The connector stub answers
/// every request after a short delay, so some requests are always in flight. "In flight at the kill" is measured, not
/// guessed: messages the stub received whose rows were not yet Sent when the process was gone. The bound from the
/// options: such a row must be claimed (leased) by the dead instance, and an instance holds at most Outbox:BatchSize.
/// </summary>
[Collection(OutboxRunsAlone.Name)]
public sealed class OutboxCrashTests : IAsyncDisposable
{
    private const int Messages = 500;
    private const int StopAfter = 200;
    private const int LeaseSeconds = 5;
    private const int BatchSize = 200; // the default, set explicitly because the bound below is derived from it
    private static readonly TimeSpan StubLatency = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    /// <summary>
    /// True: the bot runs in Production with a real ClientSecretCredential against <see cref="FakeEntraEndpoint"/>.
    /// That needs ConnectorRegistration to set DisableInstanceDiscovery for a loopback AuthorityHost: without it MSAL
    /// first asks login.microsoftonline.com about the unknown authority (offline: about 18 s of retries before every
    /// first token; online: refused as invalid_instance). Until then: Development with Bot:Credential:Type=None.
    /// </summary>
    private static bool RealCredential => false;

    private readonly Stack<IAsyncDisposable> _owned = new();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Kill_MidSending500_AllDeliveredDuplicatesOnlyInFlight(DatabaseProvider provider)
    {
        if (TestDatabase.Unavailable(provider) is { } reason) Assert.Skip(reason);
        var world = await WorldAsync(provider);
        var clock = Stopwatch.StartNew();

        var first = await world.StartBotAsync();
        await world.WaitForDistinctAsync(StopAfter, first);
        first.Kill();
        var atCrash = await world.SnapshotAsync();
        var restartedAfter = clock.Elapsed;

        Assert.True(atCrash.Received.Distinct().Count() < Messages, $"All {Messages} messages went out before the kill; nothing was tested.");
        var second = await world.StartBotAsync();
        await world.WaitForDistinctAsync(Messages, second);
        var sent = await world.WaitAllSentAsync(second);
        await Task.Delay(1000); // a late duplicate would arrive now
        await second.StopAsync(TimeSpan.FromSeconds(20));
        clock.Stop();

        var figures = world.Figures($"crash test ({provider}): SIGKILL", atCrash, restartedAfter, clock.Elapsed);
        Report($"crash-{provider.ToString().ToLowerInvariant()}.txt", figures.Text);
        AssertOutcome(world, atCrash, figures, sent);
    }

    [Fact]
    public async Task Stop_MidSending500Sqlite_AllDeliveredOnceAfterRestart()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("A graceful stop needs SIGTERM (Linux or macOS).");
        var world = await WorldAsync(DatabaseProvider.Sqlite);
        var clock = Stopwatch.StartNew();

        var first = await world.StartBotAsync();
        await world.WaitForDistinctAsync(StopAfter, first);
        await first.StopAsync(TimeSpan.FromSeconds(30));
        var atStop = await world.SnapshotAsync();
        var restartedAfter = clock.Elapsed;

        Assert.True(first.ExitCode == 0, $"The bot exited with {first.ExitCode} after SIGTERM. Its output:{Environment.NewLine}{first.OutputTail()}");
        Assert.True(atStop.Received.Distinct().Count() < Messages, $"All {Messages} messages went out before the stop; nothing was tested.");
        var second = await world.StartBotAsync();
        await world.WaitForDistinctAsync(Messages, second);
        var sent = await world.WaitAllSentAsync(second);
        await Task.Delay(1000);
        await second.StopAsync(TimeSpan.FromSeconds(20));
        clock.Stop();

        var figures = world.Figures("restart test (Sqlite): SIGTERM", atStop, restartedAfter, clock.Elapsed);
        Report("crash-graceful-sqlite.txt", figures.Text);
        AssertOutcome(world, atStop, figures, sent);
        // A graceful stop lets the requests that already left finish and records them: nothing is sent twice.
        Assert.True(figures.Duplicates == 0, $"A graceful stop left {atStop.InFlight.Count} sent messages unrecorded.{Environment.NewLine}{figures.Text}");
    }

    private static void AssertOutcome(World world, Snapshot atStop, Figures figures, int sent)
    {
        Assert.Equal(Messages, world.Received().Distinct().Count());
        Assert.Equal(Messages, sent);
        // A duplicate is only acceptable for a message Teams received while its row was not yet marked Sent.
        var unexplained = figures.Duplicated.Where(text => !atStop.InFlight.Contains(text)).ToList();
        Assert.True(unexplained.Count == 0,
            $"{unexplained.Count} messages were delivered twice although they were not in flight at the stop (e.g. {string.Join(", ", unexplained.Take(5))}).{Environment.NewLine}{figures.Text}");
        Assert.True(figures.Duplicates <= atStop.InFlight.Count, figures.Text);
        // The bound from the options: a message in flight is on a row the instance had claimed and still held (lease
        // not run out), and an instance holds at most one batch.
        var unleased = atStop.InFlight.Where(text => !atStop.Leased.Contains(KeyOfText(text))).ToList();
        Assert.True(unleased.Count == 0, $"In flight without a live lease: {string.Join(", ", unleased.Take(10))}{Environment.NewLine}{figures.Text}");
        Assert.True(atStop.Leased.Count <= BatchSize, $"The instance held {atStop.Leased.Count} rows, more than Outbox:BatchSize={BatchSize}.{Environment.NewLine}{figures.Text}");
        Assert.All(world.Connector.Calls, c => Assert.Equal(RealCredential ? "Bearer " + FakeEntraEndpoint.AccessToken : "", c.Authorization));
    }

    private static void Report(string file, string figures)
    {
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        var artifacts = Path.Combine(root, ".artifacts");
        File.WriteAllText(Path.Combine(artifacts, file), figures + Environment.NewLine);
        // .artifacts/crash.txt collects the variants (each keeps its own file, so the order of the runs does not matter).
        var all = Directory.GetFiles(artifacts, "crash-*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText);
        File.WriteAllText(Path.Combine(artifacts, "crash.txt"), string.Join(Environment.NewLine, all));
        TestContext.Current.SendDiagnosticMessage(figures);
    }

    private async Task<World> WorldAsync(DatabaseProvider provider)
    {
        var database = Own(await TestDatabase.CreateAsync(provider));
        var issuer = Own(await TestIssuer.StartAsync());
        var connector = Own(await ConnectorStub.StartAsync());
        var entra = Own(await FakeEntraEndpoint.StartAsync());
        var direct = Own(await DirectDatabase.OpenAsync(database));
        connector.Always(async http =>
        {
            await Task.Delay(StubLatency, CancellationToken.None);
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { id = "activity-" + Guid.NewGuid().ToString("N") });
        });

        var people = Enumerable.Range(0, Messages).Select(i => ($"a:crash-chat-{i:D3}", $"crash-user-{i:D3}")).ToList();
        await SeedPersonalInstallationsAsync(direct.Services, connector.ServiceUrl, people);
        await EnqueueAsync(direct.Services, async w =>
        {
            for (var i = 0; i < Messages; i++)
                Assert.True(await w.ToUserAsync(Key(i), BotFixture.TenantId, people[i].Item2, Text(TextOf(i)), default));
        });
        return new World(this, database, issuer, connector, entra, direct);
    }

    private static string Key(int i) => $"crash:{i:D3}";
    private static string TextOf(int i) => $"crash-{i:D3}";
    private static string KeyOfText(string text) => "crash:" + text["crash-".Length..];

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Push(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        // Processes first (they were pushed last), then the stubs and the database.
        while (_owned.TryPop(out var resource))
        {
            try { await resource.DisposeAsync(); }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or AggregateException or Npgsql.NpgsqlException) { }
        }
    }

    /// <summary>What the database and the stub said right after the bot went away.</summary>
    private sealed record Snapshot(IReadOnlyList<string> Received, IReadOnlySet<string> InFlight, IReadOnlySet<string> Leased, int SentRows);

    private sealed record Figures(string Text, int Duplicates, IReadOnlyList<string> Duplicated);

    private sealed class World(OutboxCrashTests owner, TestDatabase database, TestIssuer issuer, ConnectorStub connector,
        FakeEntraEndpoint entra, DirectDatabase direct)
    {
        private readonly List<BotProcess> _started = [];
        private readonly List<DateTimeOffset> _startedAt = [];

        public ConnectorStub Connector => connector;

        public async Task<BotProcess> StartBotAsync()
        {
            var environment = new Dictionary<string, string?>
            {
                ["Bot__AppId"] = BotFixture.AppId,
                ["Bot__TenantId"] = BotFixture.TenantId,
                ["Bot__AllowedTenants__0"] = BotFixture.TenantId,
                ["Bot__OpenIdMetadataUrl"] = issuer.MetadataUrl,
                ["Bot__RequireHttpsMetadata"] = "false",
                ["Bot__ServiceUrlHosts__0"] = connector.HostAndPort,
                ["Database__Provider"] = database.Provider.ToString(),
                ["ConnectionStrings__Lab"] = database.ConnectionString,
                ["Outbox__LeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
                ["Outbox__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
                ["Outbox__PollMilliseconds"] = "100",
            };
            if (RealCredential)
            {
                // Production as deployed: a ClientSecretCredential that gets its token from the fake Entra endpoint.
                environment["ASPNETCORE_ENVIRONMENT"] = environment["DOTNET_ENVIRONMENT"] = "Production";
                environment["Bot__Credential__Type"] = "ClientSecret";
                environment["Bot__Credential__ClientSecret"] = "x";
                environment["Bot__PublicBaseUrl"] = "https://stadtlabor-bot.test.example";
                environment["Bot__Credential__AuthorityHost"] = entra.AuthorityHost;
                environment["SSL_CERT_FILE"] = entra.CertificateFile;
            }
            else
            {
                // No outbound token, which the bot allows only in Development; the subject here is the outbox, not auth.
                environment["ASPNETCORE_ENVIRONMENT"] = environment["DOTNET_ENVIRONMENT"] = "Development";
                environment["Bot__Credential__Type"] = "None";
            }
            var bot = owner.Own(await BotProcess.StartAsync(environment));
            _started.Add(bot);
            _startedAt.Add(DateTimeOffset.UtcNow);
            return bot;
        }

        /// <summary>Texts of the messages the stub accepted, in arrival order (duplicates included).</summary>
        public List<string> Received() => connector.Calls
            .Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal))
            .Select(c => c.Body?["text"]?.GetValue<string>() ?? "(no text)").ToList();

        public async Task WaitForDistinctAsync(int count, BotProcess bot)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Received().Distinct().Count() < count)
            {
                if (bot.HasExited || DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Waited for {count} distinct messages, the stub has {Received().Distinct().Count()} " +
                        $"({(bot.HasExited ? $"the bot exited with {bot.ExitCode}" : $"after {Patience.TotalSeconds:F0} s")}). " +
                        $"Entra requests: {string.Join("; ", entra.Requests)}. Bot output:{Environment.NewLine}{bot.OutputTail()}");
                await Task.Delay(20);
            }
        }

        public async Task<int> WaitAllSentAsync(BotProcess bot)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                var statuses = await direct.QueryAsync(db => db.OutboxMessages().AsNoTracking()
                    .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
                var sent = statuses.Where(s => s.Key == OutboxStatus.Sent).Sum(s => s.Count);
                if (sent == Messages) return sent;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Rows by status: {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Count}"))}. Bot output:{Environment.NewLine}{bot.OutputTail()}");
                await Task.Delay(100);
            }
        }

        public async Task<Snapshot> SnapshotAsync()
        {
            var at = DateTime.UtcNow;
            // A request that reached the stub before the bot died may still be in the stub's pipeline (a busy machine):
            // wait until nothing new has been recorded for a while.
            var count = connector.Calls.Count;
            var quietSince = DateTime.UtcNow;
            var giveUp = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow - quietSince < TimeSpan.FromMilliseconds(750) && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(50);
                if (connector.Calls.Count != count) (count, quietSince) = (connector.Calls.Count, DateTime.UtcNow);
            }
            var received = Received();
            var rows = await direct.QueryAsync(db => db.OutboxMessages().AsNoTracking()
                .Select(m => new { m.DedupeKey, m.Status, m.LeaseUntilUtc }).ToListAsync());
            var pending = rows.Where(r => r.Status == OutboxStatus.Pending).Select(r => r.DedupeKey).ToHashSet(StringComparer.Ordinal);
            var inFlight = received.Where(t => pending.Contains(KeyOfText(t))).ToHashSet(StringComparer.Ordinal);
            var leased = rows.Where(r => r.Status == OutboxStatus.Pending && r.LeaseUntilUtc > at).Select(r => r.DedupeKey).ToHashSet(StringComparer.Ordinal);
            return new Snapshot(received, inFlight, leased, rows.Count(r => r.Status == OutboxStatus.Sent));
        }

        private string FirstAfter(DateTimeOffset start) =>
            connector.Calls.Where(c => c.At >= start).Select(c => (c.At - start).TotalSeconds).DefaultIfEmpty(double.NaN).Min().ToString("F1", CultureInfo.InvariantCulture) + " s";

        public Figures Figures(string title, Snapshot atStop, TimeSpan restartedAfter, TimeSpan total)
        {
            var received = Received();
            var duplicated = received.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
            var duplicates = received.Count - received.Distinct().Count();
            var text = string.Join(Environment.NewLine,
                $"{title}, {DateTime.UtcNow:u}",
                $"messages: {Messages} to {Messages} people; stub latency {StubLatency.TotalMilliseconds:F0} ms; Outbox:LeaseSeconds={LeaseSeconds}, BatchSize={BatchSize}, other outbox options default",
                $"delivered before the stop: {atStop.Received.Distinct().Count()} distinct ({atStop.Received.Count} requests); rows Sent at the stop: {atStop.SentRows}",
                $"in flight at the stop (received by the stub, row not yet Sent): {atStop.InFlight.Count}; rows leased (claimed, not Sent): {atStop.Leased.Count}",
                $"after restart: {received.Distinct().Count()} distinct, {received.Count} requests, duplicates: {duplicates}" +
                    (duplicated.Count > 0 ? $" ({string.Join(", ", duplicated.Take(10))}{(duplicated.Count > 10 ? ", ..." : "")})" : ""),
                $"time: stopped after {restartedAfter.TotalSeconds:F1} s, all delivered after {total.TotalSeconds:F1} s (bot processes: {_started.Count})",
                $"first message after each start: {string.Join(", ", _startedAt.Select(FirstAfter))}; credential: " +
                    (RealCredential ? $"ClientSecret, token requests: {entra.TokenRequests} ({string.Join("; ", entra.Requests)})" : "None (Development)"));
            return new Figures(text, duplicates, duplicated);
        }
    }
}
