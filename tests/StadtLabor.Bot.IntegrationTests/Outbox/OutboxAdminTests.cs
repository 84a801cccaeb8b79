using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Outbox;

/// <summary>The lab team sees what is stuck and sends dead letters again once Teams is back.</summary>
public sealed class OutboxAdminTests(OutboxFaultBot bot) : IClassFixture<OutboxFaultBot>
{
    [Fact]
    public async Task RetryDead_AfterOutageEnds_DeadLetterDelivered()
    {
        var person = ($"a:admin-{Guid.NewGuid():N}", Guid.NewGuid().ToString());
        await SeedPersonalInstallationsAsync(bot.App.Services, bot.Connector.ServiceUrl, [person]);
        bot.Connector.AlwaysFor(person.Item1, ConnectorStub.Status(503));
        var key = "test.admin:" + Guid.NewGuid();
        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, person.Item2, Text("Persönliche Nachricht an Erika"), default));
        await WaitForStatusAsync(bot, key, OutboxStatus.Dead);

        var status = await bot.InvokeAsync(Execute(bot, LabTeam, "outbox.status"));
        Assert.Contains("outbox.retryDead", Verbs(status["value"]));
        Assert.Contains("503", Words(status["value"]), StringComparison.Ordinal);
        // The card shows what went wrong, never what the message said.
        Assert.DoesNotContain("Persönliche Nachricht", Words(status["value"]), StringComparison.Ordinal);

        bot.Connector.HealFor(person.Item1);
        var retried = await bot.InvokeAsync(Execute(bot, LabTeam, "outbox.retryDead"));

        Assert.Equal("application/vnd.microsoft.card.adaptive", retried["type"]!.GetValue<string>());
        var sent = await WaitForStatusAsync(bot, key, OutboxStatus.Sent);
        Assert.Equal(1, sent.Attempts);
    }
}
