using StadtLabor.Bot.Features.Installations;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Connector;

/// <summary>
/// How the bot behaves when the Bot Connector pushes back. Retries here are 20 ms based (Connector settings) and
/// bounded to 4; attempts time out after 2 s, so the test stays quick while the rules are the production ones.
/// </summary>
public sealed class ConnectorFaultTests(SqliteBot bot) : IClassFixture<SqliteBot>
{
    private static string NewConversation() => "a:fault-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Reply_429WithRetryAfter_WaitsItOutThenDelivers()
    {
        var conversation = NewConversation();
        bot.Connector.ThenFor(conversation, ConnectorStub.Status(429, "Throttled", retryAfterSeconds: 1));

        await PostHelpAsync(conversation);

        var calls = await bot.Connector.WaitForCallsAsync(conversation, 2);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(950), $"second attempt after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        await Task.Delay(300);
        Assert.Equal(2, bot.Connector.CallsFor(conversation).Count);
    }

    [Fact]
    public async Task Reply_503Storm_RetriedBoundedThenGivenUp()
    {
        var conversation = NewConversation();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Status(503));

        await PostHelpAsync(conversation);

        await bot.Connector.WaitForCallsAsync(conversation, 5);
        await Task.Delay(1500);
        Assert.Equal(5, bot.Connector.CallsFor(conversation).Count); // first try + 4 retries, then it stops
        Assert.True(await IsActiveAsync(conversation), "a server error says nothing about the user; keep the conversation");
    }

    [Fact]
    public async Task Reply_412And502_RetriedThenDelivered()
    {
        var conversation = NewConversation();
        bot.Connector.ThenFor(conversation, ConnectorStub.Status(412), ConnectorStub.Status(502), ConnectorStub.Status(504));

        await PostHelpAsync(conversation);

        var calls = await bot.Connector.WaitForCallsAsync(conversation, 4);
        await Task.Delay(300);
        Assert.Equal(4, bot.Connector.CallsFor(conversation).Count);
        Assert.Equal(4, calls.Count);
    }

    [Theory]
    [InlineData(403, "MessageWritesBlocked")]
    [InlineData(403, "ConversationBlockedByUser")]
    [InlineData(404, "ConversationNotFound")]
    public async Task Reply_RecipientGone_NotRetriedAndInstallationInactive(int status, string code)
    {
        var conversation = NewConversation();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Status(status, code));

        await PostHelpAsync(conversation);

        await bot.Connector.WaitForCallsAsync(conversation, 1);
        await WaitUntilAsync(async () => !await IsActiveAsync(conversation));
        await Task.Delay(500);
        Assert.Single(bot.Connector.CallsFor(conversation));
    }

    [Fact]
    public async Task Reply_Other403_NotRetriedAndInstallationKept()
    {
        var conversation = NewConversation();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Status(403, "BotDisabledByAdmin"));

        await PostHelpAsync(conversation);

        await bot.Connector.WaitForCallsAsync(conversation, 1);
        await Task.Delay(500);
        Assert.Single(bot.Connector.CallsFor(conversation));
        Assert.True(await IsActiveAsync(conversation));
    }

    [Fact]
    public async Task Reply_ConnectorHangs_AttemptsTimeOutAndStayBounded()
    {
        var conversation = NewConversation();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Hang(TimeSpan.FromSeconds(30)));

        await PostHelpAsync(conversation);

        await bot.Connector.WaitForCallsAsync(conversation, 5, TimeSpan.FromSeconds(30));
        await Task.Delay(2500);
        Assert.Equal(5, bot.Connector.CallsFor(conversation).Count);
    }

    [Fact]
    public async Task Reply_429WithLongRetryAfter_NotWaitedInline()
    {
        var conversation = NewConversation();
        bot.Connector.ThenFor(conversation, ConnectorStub.Status(429, "Throttled", retryAfterSeconds: 120));

        await PostHelpAsync(conversation);

        await bot.Connector.WaitForCallsAsync(conversation, 1);
        await Task.Delay(800);
        Assert.Single(bot.Connector.CallsFor(conversation));
    }

    [Fact]
    public async Task Reply_ManyReplies_TokenRequestedOnce()
    {
        var before = bot.Entra.Requests;
        var conversations = Enumerable.Range(0, 5).Select(_ => NewConversation()).ToList();
        foreach (var conversation in conversations) await PostHelpAsync(conversation);
        foreach (var conversation in conversations) await bot.Connector.WaitForCallsAsync(conversation, 1);
        Assert.True(bot.Entra.Requests - before <= 1, $"token requested {bot.Entra.Requests - before} times");
        Assert.All(conversations, c => Assert.StartsWith("Bearer ", bot.Connector.CallsFor(c)[0].Authorization, StringComparison.Ordinal));
    }

    private async Task PostHelpAsync(string conversation)
    {
        using var response = await bot.PostAsync(Message(bot, Erika, "hilfe", conversation));
        Assert.Equal(200, (int)response.StatusCode);
    }

    private Task<bool> IsActiveAsync(string conversation) =>
        bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
            await Task.Delay(20);
        }
    }
}
