using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Outbox;

/// <summary>
/// Issue 3: "two app instances on one PostgreSQL database: 1,000 messages, each delivered once". Two copies of the real
/// app (as BotFixture builds it) share one database, each with its own dispatcher and Outbox:InstanceId. Conversations
/// get different numbers of messages, some more than one claim takes (Outbox:PerConversationClaim), enqueued interleaved,
/// so order has to survive several claims, possibly by different instances.
/// </summary>
[Collection(OutboxRunsAlone.Name)]
public sealed class OutboxTwoInstancesTests : IAsyncDisposable
{
    private const int Conversations = 200;
    private static readonly int[] PerConversation = [1, 3, 5, 7, 9]; // cycles over the conversations: 1,000 in all
    private static readonly string[] Instances = ["instance-a", "instance-b"];
    private static readonly TimeSpan StubLatency = TimeSpan.FromMilliseconds(20);
    private const int BusyMessages = 40;

    private readonly Stack<IAsyncDisposable> _owned = new();

    [Fact]
    public async Task TwoInstances_1000Messages_EachDeliveredOnceInOrderBothWorked()
    {
        if (TestDatabase.Unavailable(DatabaseProvider.Postgres) is { } reason) Assert.Skip(reason);
        var (connector, direct, logs) = await StartTwoAsync();

        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await EnqueueAsync(direct.Services, async w =>
        {
            // Round by round, so one conversation's rows are spread over the table, not next to each other.
            for (var round = 0; round < PerConversation.Max(); round++)
            {
                for (var c = 0; c < Conversations; c++)
                {
                    if (round >= PerConversation[c % PerConversation.Length]) continue;
                    await EnqueueOneAsync(w, connector, expected, ConversationOf(c), $"two-{c:D3}-{round}");
                }
            }
        });
        var total = expected.Values.Sum(v => v.Count);
        Assert.Equal(1000, total);

        var run = await RunAsync(connector, direct, expected, clock, TimeSpan.FromSeconds(60));
        var figures = string.Join(Environment.NewLine,
            $"two instances on one PostgreSQL database, {DateTime.UtcNow:u}",
            $"messages: {total} to {Conversations} conversations ({string.Join("/", PerConversation)} each, cycling); stub latency {StubLatency.TotalMilliseconds:F0} ms; outbox options default",
            run.Figures);
        Report("two-instances.txt", figures);
        AssertExactlyOnceInOrder(run, figures, logs);
        Assert.All(run.ByInstance, p => Assert.True(p.Value > 0, $"{p.Key} sent nothing.{Environment.NewLine}{figures}"));
    }

    /// <summary>
    /// Busy chats handed back and forth: each claim takes at most Outbox:PerConversationClaim messages, so the next
    /// ones may go to the other instance. Teams' per-conversation limits (enforced by the stub, real time) must hold
    /// across the hand-over, and a message the stub throttles must not be overtaken by the ones behind it.
    /// </summary>
    [Fact]
    public async Task TwoInstances_TwoBusyConversationsUnderTeamsLimits_InOrderHardlyThrottled()
    {
        if (TestDatabase.Unavailable(DatabaseProvider.Postgres) is { } reason) Assert.Skip(reason);
        var (connector, direct, logs) = await StartTwoAsync();
        var limits = new TeamsLimits();
        connector.EnforceLimits(limits);

        string[] busy = ["19:busy-one@thread.tacv2", "19:busy-two@thread.tacv2"];
        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await EnqueueAsync(direct.Services, async w =>
        {
            for (var i = 0; i < BusyMessages; i++)
            {
                for (var c = 0; c < busy.Length; c++) await EnqueueOneAsync(w, connector, expected, busy[c], $"busy{c}-{i:D2}");
            }
        });

        var run = await RunAsync(connector, direct, expected, clock, TimeSpan.FromSeconds(50));
        var figures = string.Join(Environment.NewLine,
            $"two instances, two busy conversations, {DateTime.UtcNow:u}",
            $"messages: {BusyMessages} to each of two channels; the stub enforces Teams' per-conversation limits (7/1 s, 8/2 s, 60/30 s) in real time",
            run.Figures,
            $"minimum the limits allow: {limits.MinimumFor(BusyMessages, 0).TotalSeconds:F1} s; 429 answers from the stub: {connector.Throttled}");
        if (connector.Throttled > 0)
        {
            // Arrival times (ms from the first request) show which window was exceeded.
            var t0 = connector.Calls.Min(c => c.At);
            figures += Environment.NewLine + "throttled: " + string.Join(", ", connector.ThrottledCalls.Select(c => $"{TextOf(c)} at {(c.At - t0).TotalMilliseconds:F0}"))
                + Environment.NewLine + "accepted: " + string.Join(", ", connector.Calls.Where(IsMessage).Select(c => $"{TextOf(c)} at {(c.At - t0).TotalMilliseconds:F0}"));
        }
        Report("two-instances-busy.txt", figures);
        AssertExactlyOnceInOrder(run, figures, logs);
        Assert.True(connector.Throttled <= 2, $"The stub had to throttle {connector.Throttled} times.{Environment.NewLine}{figures}");
    }

    private async Task<(ConnectorStub Connector, DirectDatabase Direct, LogSink Logs)> StartTwoAsync()
    {
        var database = Own(await TestDatabase.CreateAsync(DatabaseProvider.Postgres));
        var connector = Own(await ConnectorStub.StartAsync());
        var direct = Own(await DirectDatabase.OpenAsync(database));
        connector.Always(Answer);
        var logs = new LogSink();
        foreach (var instance in Instances)
        {
            var app = Own(await StartAppAsync(database, connector, instance, logs));
            // One request per instance before the run: the very first one (JIT, new connection) arrives late, which
            // the limiter's margins do not cover; that is not what these tests are about.
            var warmUp = await app.Services.GetRequiredService<ConnectorClient>()
                .SendAsync(connector.ServiceUrl, "a:warm-up-" + instance, Text("warm-up"), CancellationToken.None);
            Assert.IsType<SendResult.Sent>(warmUp);
        }
        connector.Reset();
        connector.Always(Answer);
        return (connector, direct, logs);

        static async Task Answer(HttpContext http)
        {
            await Task.Delay(StubLatency, CancellationToken.None);
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { id = "activity-" + Guid.NewGuid().ToString("N") });
        }
    }

    private static async Task EnqueueOneAsync(OutboxWriter w, ConnectorStub connector, Dictionary<string, List<string>> expected, string conversation, string text)
    {
        if (!expected.TryGetValue(conversation, out var texts)) expected[conversation] = texts = [];
        texts.Add(text);
        Assert.True(await w.ToConversationAsync("two:" + text, BotFixture.TenantId, connector.ServiceUrl, conversation, Text(text), default));
    }

    private sealed record Run(List<string> Received, List<string> Expected, List<string> Duplicated, List<string> OutOfOrder,
        List<OutboxMessage> Rows, Dictionary<string, int> ByInstance, string Figures);

    /// <summary>Waits until every expected message arrived (or the patience ran out) and gathers what happened.</summary>
    private static async Task<Run> RunAsync(ConnectorStub connector, DirectDatabase direct, Dictionary<string, List<string>> expected,
        Stopwatch clock, TimeSpan patience)
    {
        var all = expected.Values.SelectMany(v => v).ToList();
        var deadline = DateTime.UtcNow + patience;
        while (Received(connector).Distinct().Count() < all.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        var deliveredAfter = clock.Elapsed;
        var rows = await WaitAllSentAsync(direct, all.Count);
        await Task.Delay(1000); // a late duplicate would arrive now

        var received = Received(connector);
        var duplicated = received.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var byInstance = Instances.ToDictionary(i => i, i => rows.Count(r => r.ClaimedBy?.StartsWith(i + "#", StringComparison.Ordinal) == true));
        var outOfOrder = expected.Where(e => !connector.CallsFor(e.Key).Where(IsMessage).Select(TextOf).SequenceEqual(e.Value))
            .Select(e => $"{e.Key}: got [{string.Join(", ", connector.CallsFor(e.Key).Where(IsMessage).Select(TextOf))}]").ToList();
        var figures = string.Join(Environment.NewLine,
            $"delivered: {received.Distinct().Count()} distinct in {received.Count} requests (duplicates {received.Count - received.Distinct().Count()}) after {deliveredAfter.TotalSeconds:F1} s ({all.Count / deliveredAfter.TotalSeconds:F0} msg/s)",
            $"sent by: {string.Join(", ", byInstance.Select(p => $"{p.Key} {p.Value}"))}; conversations out of order: {outOfOrder.Count}",
            $"rows: {string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        return new Run(received, all, duplicated, outOfOrder, rows, byInstance, figures);
    }

    private static void AssertExactlyOnceInOrder(Run run, string figures, LogSink logs)
    {
        Assert.True(run.Duplicated.Count == 0, $"Delivered more than once: {string.Join(", ", run.Duplicated.Take(10))}{Environment.NewLine}{figures}");
        Assert.True(run.Received.Distinct().Count() == run.Expected.Count,
            $"Not delivered: {string.Join(", ", run.Expected.Except(run.Received).Take(10))}{Environment.NewLine}{figures}{Environment.NewLine}{Problems(logs)}");
        Assert.True(run.OutOfOrder.Count == 0, $"Order broken in {run.OutOfOrder.Count} conversations, e.g. {string.Join("; ", run.OutOfOrder.Take(3))}{Environment.NewLine}{figures}");
        Assert.True(run.Rows.Count == run.Expected.Count && run.Rows.All(r => r.Status == OutboxStatus.Sent), figures);
    }

    private static string ConversationOf(int c) => $"a:two-chat-{c:D3}";

    private static bool IsMessage(ConnectorCall call) => call.Method == "POST" && call.Path.EndsWith("/activities", StringComparison.Ordinal);

    private static string TextOf(ConnectorCall call) => call.Body?["text"]?.GetValue<string>() ?? "(no text)";

    private static List<string> Received(ConnectorStub connector) => connector.Calls.Where(IsMessage).Select(TextOf).ToList();

    private static async Task<List<OutboxMessage>> WaitAllSentAsync(DirectDatabase direct, int total)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var rows = await direct.QueryAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith("two:")).ToListAsync());
            if (rows.Count(r => r.Status == OutboxStatus.Sent) == total || DateTime.UtcNow > deadline) return rows;
            await Task.Delay(100);
        }
    }

    private static string Problems(LogSink logs) => string.Join(Environment.NewLine,
        logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal)).Take(10));

    /// <summary>One app instance, built like BotFixture builds it, with its own outbox instance id.</summary>
    private static async Task<AppInstance> StartAppAsync(TestDatabase database, ConnectorStub connector, string instanceId, LogSink logs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = BotFixture.AppId,
            ["Bot:TenantId"] = BotFixture.TenantId,
            ["Bot:AllowedTenants:0"] = BotFixture.TenantId,
            ["Bot:ServiceUrlHosts:0"] = connector.HostAndPort,
            ["Bot:Credential:Type"] = "ClientSecret",
            ["Bot:Credential:ClientSecret"] = "not-used-the-credential-is-faked",
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Lab"] = database.ConnectionString,
            ["Outbox:InstanceId"] = instanceId,
            ["Bot:PublicBaseUrl"] = "https://stadtlabor-bot.test.example",
            ["Outbox:PollMilliseconds"] = "50",
        };
        var app = LabApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0"], Program.Features, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning)
                .AddFilter("Quartz", LogLevel.Warning);
            builder.Services.AddSingleton(new ConnectorCredential(new FakeEntraCredential()));
        });
        await app.Services.MigrateLabDatabaseAsync();
        await app.StartAsync();
        return new AppInstance(app);
    }

    private sealed class AppInstance(WebApplication app) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await app.StopAsync(stop.Token); }
            finally { await app.DisposeAsync(); }
        }
    }

    private static void Report(string file, string figures)
    {
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        File.WriteAllText(Path.Combine(root, ".artifacts", file), figures + Environment.NewLine);
        TestContext.Current.SendDiagnosticMessage(figures);
    }

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Push(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        // Apps first (pushed last), then the stub and the database; one failing to stop must not leak the others.
        while (_owned.TryPop(out var resource))
        {
            try { await resource.DisposeAsync(); }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or AggregateException or Npgsql.NpgsqlException) { }
        }
    }
}
