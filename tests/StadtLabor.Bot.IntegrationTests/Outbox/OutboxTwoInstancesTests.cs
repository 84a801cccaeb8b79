using System.Diagnostics;
using System.Globalization;
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

    private readonly Stack<IAsyncDisposable> _owned = new();

    [Fact]
    public async Task TwoInstances_1000Messages_EachDeliveredOnceInOrderBothWorked()
    {
        if (TestDatabase.Unavailable(DatabaseProvider.Postgres) is { } reason) Assert.Skip(reason);
        var database = Own(await TestDatabase.CreateAsync(DatabaseProvider.Postgres));
        var connector = Own(await ConnectorStub.StartAsync());
        var direct = Own(await DirectDatabase.OpenAsync(database));
        connector.Always(async http =>
        {
            await Task.Delay(StubLatency, CancellationToken.None);
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { id = "activity-" + Guid.NewGuid().ToString("N") });
        });
        var logs = new LogSink();
        foreach (var instance in Instances) Own(await StartAppAsync(database, connector, instance, logs));

        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var c = 0; c < Conversations; c++) expected[ConversationOf(c)] = [];
        var clock = Stopwatch.StartNew();
        await EnqueueAsync(direct.Services, async w =>
        {
            // Round by round, so one conversation's rows are spread over the table, not next to each other.
            for (var round = 0; round < PerConversation.Max(); round++)
            {
                for (var c = 0; c < Conversations; c++)
                {
                    if (round >= PerConversation[c % PerConversation.Length]) continue;
                    var text = $"two-{c:D3}-{round}";
                    expected[ConversationOf(c)].Add(text);
                    Assert.True(await w.ToConversationAsync("two:" + text, BotFixture.TenantId, connector.ServiceUrl, ConversationOf(c), Text(text), default));
                }
            }
        });
        var total = expected.Values.Sum(v => v.Count);
        Assert.Equal(1000, total);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Received(connector).Distinct().Count() < total && DateTime.UtcNow < deadline) await Task.Delay(50);
        var deliveredAfter = clock.Elapsed;
        var rows = await WaitAllSentAsync(direct, total);
        await Task.Delay(1000); // a late duplicate would arrive now

        var received = Received(connector);
        var duplicated = received.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var byInstance = Instances.ToDictionary(i => i, i => rows.Count(r => r.ClaimedBy?.StartsWith(i + "#", StringComparison.Ordinal) == true));
        var outOfOrder = expected.Where(e => !connector.CallsFor(e.Key).Where(IsMessage).Select(TextOf).SequenceEqual(e.Value))
            .Select(e => $"{e.Key}: got [{string.Join(", ", connector.CallsFor(e.Key).Where(IsMessage).Select(TextOf))}]").ToList();
        var figures = string.Join(Environment.NewLine,
            $"two instances on one PostgreSQL database, {DateTime.UtcNow:u}",
            $"messages: {total} to {Conversations} conversations ({string.Join("/", PerConversation)} each, cycling); stub latency {StubLatency.TotalMilliseconds:F0} ms; outbox options default",
            $"delivered: {received.Distinct().Count()} distinct in {received.Count} requests (duplicates {received.Count - received.Distinct().Count()}) after {deliveredAfter.TotalSeconds:F1} s ({total / deliveredAfter.TotalSeconds:F0} msg/s)",
            $"sent by: {string.Join(", ", byInstance.Select(p => $"{p.Key} {p.Value}"))}; conversations out of order: {outOfOrder.Count}",
            $"rows: {string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        Report(figures);

        Assert.True(duplicated.Count == 0, $"Delivered more than once: {string.Join(", ", duplicated.Take(10))}{Environment.NewLine}{figures}");
        Assert.True(received.Distinct().Count() == total,
            $"Not delivered: {string.Join(", ", expected.Values.SelectMany(v => v).Except(received).Take(10))}{Environment.NewLine}{figures}{Environment.NewLine}{Problems(logs)}");
        Assert.True(outOfOrder.Count == 0, $"Order broken in {outOfOrder.Count} conversations, e.g. {string.Join("; ", outOfOrder.Take(3))}{Environment.NewLine}{figures}");
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.All(byInstance, p => Assert.True(p.Value > 0, $"{p.Key} sent nothing.{Environment.NewLine}{figures}"));
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
        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await app.StopAsync(stop.Token); }
            finally { await app.DisposeAsync(); }
        }
    }

    private static void Report(string figures)
    {
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        File.WriteAllText(Path.Combine(root, ".artifacts", "two-instances.txt"), figures + Environment.NewLine);
        TestContext.Current.SendDiagnosticMessage(figures);
    }

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Push(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        while (_owned.TryPop(out var resource)) await resource.DisposeAsync();
    }
}
