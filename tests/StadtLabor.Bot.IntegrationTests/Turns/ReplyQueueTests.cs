using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Turns;

/// <summary>A bot whose reply queue holds two replies and sends one at a time, so its bound is easy to reach.</summary>
public sealed class SmallReplyQueueBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Replies:Capacity"] = "2",
        ["Replies:Senders"] = "1",
        // The outbox must not send what the shutdown keeps: the test reads the rows.
        ["Outbox:PollMilliseconds"] = "600000",
    };
}

/// <summary>
/// Replies go out after the acknowledgement through a bounded queue: when Teams answers slowly, new turns wait for
/// room instead of piling up replies (which made people wait seconds and memory grow), and a shutdown keeps what is
/// still waiting in the outbox instead of dropping it.
/// </summary>
public sealed class ReplyQueueTests
{
    private static Func<HttpContext, Task> SlowCreated(TimeSpan delay) => async http =>
    {
        await Task.Delay(delay);
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new { id = Guid.NewGuid().ToString("N") });
    };

    [Fact]
    public async Task SlowConnector_ManyTurns_QueueNeverBeyondItsBoundAndEveryReplyArrives()
    {
        await using var bot = new SmallReplyQueueBot();
        await bot.InitializeAsync();
        var conversation = $"a:personal-{Guid.NewGuid():N}";
        await bot.InvokeAsync(Execute(bot, Erika, "menu.show", conversationId: conversation));
        bot.Connector.AlwaysFor(conversation, SlowCreated(TimeSpan.FromMilliseconds(250)));
        var replies = bot.App.Services.GetRequiredService<ReplySender>();
        var seen = new ConcurrentBag<int>();
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                seen.Add(replies.Pending);
                await Task.Delay(5);
            }
        });

        var acks = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await bot.PostAsync(Message(bot, Erika, "hilfe", conversation));
            return (int)response.StatusCode;
        }));
        await bot.Connector.WaitForCallsAsync(conversation, 8, TimeSpan.FromSeconds(30));
        await watching.CancelAsync();
        await watcher;

        Assert.All(acks, status => Assert.Equal(200, status));
        // Two waiting plus the one being sent: the ninth would have waited for its acknowledgement.
        Assert.InRange(seen.Max(), 1, 3);
        for (var i = 0; i < 100 && replies.Pending > 0; i++) await Task.Delay(20);
        Assert.Equal(0, replies.Pending);
    }

    [Fact]
    public async Task Shutdown_RepliesStillWaiting_KeptInTheOutboxNotLost()
    {
        await using var bot = new SmallReplyQueueBot();
        await bot.InitializeAsync();
        var conversation = $"a:personal-{Guid.NewGuid():N}";
        await bot.InvokeAsync(Execute(bot, Erika, "menu.show", conversationId: conversation));
        // Teams stops answering: the one sender hangs, two replies wait behind it.
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Hang(TimeSpan.FromMinutes(1)));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = Message(bot, Erika, "hilfe", conversation);
            ids.Add(message["id"]!.GetValue<string>());
            using var response = await bot.PostAsync(message);
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var shutdownTime = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            await bot.App.StopAsync(shutdownTime.Token);

        var kept = await bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking()
            .Where(m => m.ConversationId == conversation).ToListAsync());
        Assert.Equal(3, kept.Count);
        Assert.All(kept, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        // Kept for Erika: "meine daten" finds them like her other waiting messages.
        Assert.All(kept, m => Assert.Equal(Erika.AadObjectId, m.UserAadObjectId));
        Assert.Equal(ids.Select(id => $"turns.reply:{id}:0").Order(), kept.Select(m => m.DedupeKey).Order());
        Assert.All(kept, m => Assert.Contains("application/vnd.microsoft.card.adaptive", m.ActivityJson, StringComparison.Ordinal));
    }
}
