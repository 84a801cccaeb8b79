using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Graph;

[Collection(GraphCollections.Sqlite)]
public sealed class GraphQueueStatusTests_Sqlite(SqliteGraphBot bot) : GraphQueueStatusTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class GraphQueueStatusTests_Postgres(PostgresGraphBot bot) : GraphQueueStatusTests<PostgresGraphBot>(bot);

/// <summary>
/// Graph refuses a call for good (400, 403): it is dead at once, the lab team sees kind, reason and attempts on the
/// status card (never what the call was about), fixes the cause and has it made again; staff cannot.
/// </summary>
public abstract class GraphQueueStatusTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);
    private static readonly Strings Texts = new();
    private const string LabChat = "a:personal-colleague-15000";

    [Fact]
    public async Task RefusedCalls_DeadAtOnce_OnTheStatusCard_RetriedByLabTeamNotByErika()
    {
        var mailbox = $"refused-{Guid.NewGuid():N}"[..16] + "@soest.example";
        bot.Graph.Fail(r => r.Path.Value?.Contains("/events/forbidden-", StringComparison.Ordinal) == true, 403, code: "ErrorAccessDenied");
        bot.Graph.Fail(r => r.Path.Value?.Contains("/events/invalid-", StringComparison.Ordinal) == true, 400, code: "ErrorInvalidRequest");
        // Looks like what a real payload may hold; the card must not show it.
        var secret = "forbidden-Erika-Mustermann";
        var calls = await EchoCalls.EnqueueAsync(bot, new Echo($"{mailbox}:1", secret, mailbox), new Echo($"{mailbox}:2", "invalid-1", mailbox));

        await bot.DrainGraphAsync();

        var dead = await EchoCalls.CallsAsync(bot, calls);
        Assert.Equal([(GraphCallStatus.Dead, 1, "403 ErrorAccessDenied", 403), (GraphCallStatus.Dead, 1, "400 ErrorInvalidRequest", 400)],
            dead.Select(c => (c.Status, c.Attempts, c.LastError, c.LastStatusCode)));

        var status = await bot.InvokeAsync(Execute(bot, GraphBot.QueueLabTeam, "outbox.status", conversationId: LabChat));
        var words = Words(status["value"]);
        Assert.Contains(Texts.Get("de", "graphCalls.title"), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Format("de", "graphCalls.deadValue", "403 ErrorAccessDenied", 1), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Format("de", "graphCalls.deadValue", "400 ErrorInvalidRequest", 1), words, StringComparison.Ordinal);
        Assert.Contains(GraphQueueEcho.KindName, words, StringComparison.Ordinal);
        Assert.DoesNotContain("Erika", words, StringComparison.Ordinal);
        Assert.DoesNotContain(mailbox, words, StringComparison.Ordinal);
        Assert.Contains("outbox.retryGraph", Verbs(status["value"]));

        // Staff: refused, and nothing is made again.
        var denied = await bot.InvokeAsync(Execute(bot, Erika, "outbox.retryGraph"));
        Assert.DoesNotContain(Texts.Get("de", "graphCalls.title"), Words(denied["value"]), StringComparison.Ordinal);
        Assert.All(await EchoCalls.CallsAsync(bot, calls), c => Assert.Equal(GraphCallStatus.Dead, c.Status));

        // The lab team granted the permission: both are made again, with fresh attempts.
        var deadNow = await bot.WithDbAsync(db => Task.FromResult(db.GraphCalls().Count(c => c.Status == GraphCallStatus.Dead)));
        var retried = await bot.InvokeAsync(Execute(bot, GraphBot.QueueLabTeam, "outbox.retryGraph", conversationId: LabChat));
        Assert.Contains(Texts.Format("de", "graphCalls.retried", deadNow), Words(retried["value"]), StringComparison.Ordinal);
        await bot.DrainGraphAsync();
        Assert.All(await EchoCalls.CallsAsync(bot, calls), c => Assert.Equal((GraphCallStatus.Done, 1), (c.Status, c.Attempts)));
    }
}
