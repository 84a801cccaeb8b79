using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Graph;

[Collection(GraphCollections.Sqlite)]
public sealed class GraphQueueTests_Sqlite(SqliteGraphBot bot) : GraphQueueTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class GraphQueueTests_Postgres(PostgresGraphBot bot) : GraphQueueTests<PostgresGraphBot>(bot);

/// <summary>
/// The durable Graph call queue against the Graph stub: a 429 storm loses nothing, keeps each order key's order and
/// sends nothing to the paused mailbox before Retry-After ends; Outlook's 4 concurrent per mailbox hold; a crashed
/// instance's call is made again once its lease runs out; 503 is tried again, a handler's bug ends dead.
/// </summary>
public abstract class GraphQueueTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);

    [Fact]
    public async Task TooManyRequestsStorm_NothingLost_OrderKept_RetryAfterHonoured()
    {
        var mailbox = NewMailbox();
        var throttledAt = new System.Collections.Concurrent.ConcurrentBag<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            bot.Graph.Then(r => IsFor(r.Path.Value, mailbox), async http =>
            {
                throttledAt.Add(DateTimeOffset.UtcNow);
                await GraphStub.ErrorAsync(http, 429, "ApplicationThrottled", "scripted storm", retryAfterSeconds: 1);
            });
        }
        var keys = new[] { "a", "b", "c" }.Select(k => $"{mailbox}:{k}").ToList();
        var calls = await EchoCalls.EnqueueAsync(bot, keys.SelectMany(k => Enumerable.Range(1, 4).Select(n => new Echo(k, $"{k[^1]}-{n}", mailbox))));

        await bot.DrainGraphAsync();

        var rows = await EchoCalls.CallsAsync(bot, calls);
        Assert.All(rows, c => Assert.Equal(GraphCallStatus.Done, c.Status));
        // Being throttled is Graph pacing us, not the call failing: it costs no attempt.
        Assert.All(rows, c => Assert.Equal(1, c.Attempts));
        var requests = EchoCalls.RequestsTo(bot, mailbox);
        Assert.Equal(4, requests.Count(r => r.Status == 429));
        Assert.Equal(12, requests.Count(r => r.Status != 429));
        foreach (var key in keys)
        {
            // Each key's events were asked for in order, a throttled one again before the next.
            var order = requests.Where(r => r.Path.Contains($"/events/{key[^1]}-", StringComparison.Ordinal))
                .OrderBy(r => r.At).Select(r => int.Parse(r.Path[(r.Path.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(order.Order(), order);
        }
        foreach (var at in throttledAt)
        {
            // Calls claimed together with the throttled one may still arrive within a moment; nothing later may
            // reach the mailbox until Retry-After (1 s) has passed.
            var tooEarly = requests.Where(r => r.At > at.AddMilliseconds(100) && r.At < at.AddMilliseconds(980)).ToList();
            Assert.Empty(tooEarly);
        }
    }

    [Fact]
    public async Task TwelveCallsOneMailbox_SlowGraph_AtMostFourInFlight_NeverThrottled()
    {
        var mailbox = NewMailbox();
        bot.Graph.Latency = TimeSpan.FromMilliseconds(250);
        IReadOnlyList<long> calls;
        try
        {
            calls = await EchoCalls.EnqueueAsync(bot, Enumerable.Range(1, 12).Select(n => new Echo($"{mailbox}:{n}", $"e-{n}", mailbox)));
            await bot.DrainGraphAsync();
        }
        finally
        {
            bot.Graph.Latency = TimeSpan.Zero;
        }

        Assert.All(await EchoCalls.CallsAsync(bot, calls), c => Assert.Equal(GraphCallStatus.Done, c.Status));
        var requests = EchoCalls.RequestsTo(bot, mailbox);
        Assert.Equal(12, requests.Count);
        Assert.DoesNotContain(requests, r => r.Status == 429);
        Assert.InRange(bot.Graph.MostInFlight(mailbox), 2, 4);
    }

    [Fact]
    public async Task LeaseRanOut_CrashedInstance_CallMadeAgain_LiveLeaseLeftAlone()
    {
        var mailbox = NewMailbox();
        var other = NewMailbox();
        var now = DateTime.UtcNow;
        // Saved as claimed: one by an instance that crashed a second ago, one by an instance that is still at it.
        var crashed = await EchoCalls.EnqueueAsync(bot, c => (c.ClaimedBy, c.LeaseUntilUtc, c.Attempts) = ("crashed-instance#1", now.AddSeconds(-1), 1),
            new Echo($"{mailbox}:1", "crashed-1", mailbox));
        var held = await EchoCalls.EnqueueAsync(bot, c => (c.ClaimedBy, c.LeaseUntilUtc) = ("living-instance#1", now.AddHours(1)),
            new Echo($"{other}:1", "held-1", other));

        await bot.DrainGraphAsync();

        var made = (await EchoCalls.CallsAsync(bot, crashed)).Single();
        Assert.Equal(GraphCallStatus.Done, made.Status);
        Assert.Equal(2, made.Attempts);
        Assert.Single(EchoCalls.RequestsTo(bot, mailbox));
        var stillHeld = (await EchoCalls.CallsAsync(bot, held)).Single();
        Assert.Equal((GraphCallStatus.Pending, "living-instance#1"), (stillHeld.Status, stillHeld.ClaimedBy));
        Assert.Empty(EchoCalls.RequestsTo(bot, other));
        await bot.WithDbAsync(db => db.GraphCalls().Where(c => c.Id == held[0]).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task ServiceUnavailableOnce_TriedAgain_Done()
    {
        var mailbox = NewMailbox();
        bot.Graph.Fail(r => IsFor(r.Path.Value, mailbox), 503);
        var calls = await EchoCalls.EnqueueAsync(bot, new Echo($"{mailbox}:1", "e-1", mailbox));

        await bot.DrainGraphAsync();

        var call = (await EchoCalls.CallsAsync(bot, calls)).Single();
        Assert.Equal((GraphCallStatus.Done, 2, "503 ServiceNotAvailable"), (call.Status, call.Attempts, call.LastError));
        Assert.Equal([503, 404], EchoCalls.RequestsTo(bot, mailbox).Select(r => r.Status));
    }

    [Fact]
    public async Task HandlerThrows_TriedUpToMaxAttempts_ThenDeadWithTheTypeOnly()
    {
        var mailbox = NewMailbox();
        var calls = await EchoCalls.EnqueueAsync(bot, new Echo($"{mailbox}:1", "e-1", mailbox, Throw: true));

        await bot.DrainGraphAsync();

        var call = (await EchoCalls.CallsAsync(bot, calls)).Single();
        Assert.Equal((GraphCallStatus.Dead, 6, "error: InvalidOperationException"), (call.Status, call.Attempts, call.LastError));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains("Erika", StringComparison.Ordinal));
    }

    private static string NewMailbox() => $"queue-{Guid.NewGuid():N}"[..18] + "@soest.example";

    private static bool IsFor(string? path, string mailbox) => path?.Contains($"/users/{mailbox}/", StringComparison.OrdinalIgnoreCase) == true;
}
