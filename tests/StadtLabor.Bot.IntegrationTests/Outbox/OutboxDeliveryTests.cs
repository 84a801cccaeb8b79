using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Outbox;

/// <summary>Proactive messages through the real dispatcher against the connector stub, including its failures.</summary>
public sealed class OutboxDeliveryTests(OutboxFaultBot bot) : IClassFixture<OutboxFaultBot>
{
    private static string NewId(string kind) => $"a:{kind}-{Guid.NewGuid():N}";

    private async Task<(string Conversation, string User)> PersonAsync()
    {
        var person = (NewId("outbox"), Guid.NewGuid().ToString());
        await SeedPersonalInstallationsAsync(bot.App.Services, bot.Connector.ServiceUrl, [person]);
        return person;
    }

    [Fact]
    public async Task Enqueue_SameKeyTwice_SentOnce()
    {
        var (conversation, user) = await PersonAsync();
        var key = "test.once:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Erinnerung"), default));
        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Erinnerung"), default));

        var sent = await WaitForStatusAsync(bot, key, OutboxStatus.Sent);
        await Task.Delay(500);
        Assert.Single(bot.Connector.CallsFor(conversation));
        Assert.Equal(conversation, sent.ConversationId);
        Assert.StartsWith("activity-", sent.SentActivityId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueMany_KeysUsedBeforeOrTwice_EachSentOnce()
    {
        var (erika, erikaUser) = await PersonAsync();
        var (lotse, lotseUser) = await PersonAsync();
        var prefix = "test.many:" + Guid.NewGuid();
        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync($"{prefix}:erika", BotFixture.TenantId, erikaUser, Text("Erinnerung"), default));

        var added = 0;
        await EnqueueAsync(bot.App.Services, async w =>
        {
            await w.ToUserAsync($"{prefix}:lotse", BotFixture.TenantId, lotseUser, Text("Erinnerung"), default);
            added = await w.ToUsersAsync(BotFixture.TenantId,
                [($"{prefix}:erika", erikaUser, Text("Erinnerung")), ($"{prefix}:lotse", lotseUser, Text("Erinnerung")),
                 ($"{prefix}:lotse-2", lotseUser, Text("Nachtrag")), ($"{prefix}:lotse-2", lotseUser, Text("Nachtrag"))], default);
        });

        Assert.Equal(1, added); // saved before, added before in this unit of work, twice in the list: once each
        await WaitForStatusAsync(bot, $"{prefix}:lotse-2", OutboxStatus.Sent);
        await Task.Delay(500);
        Assert.Single(bot.Connector.CallsFor(erika));
        Assert.Equal(["Erinnerung", "Nachtrag"], bot.Connector.CallsFor(lotse).Select(c => c.Body!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Enqueue_NotBefore_WaitsUntilThen()
    {
        var (conversation, user) = await PersonAsync();
        var key = "test.later:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("später"), default, DateTime.UtcNow.AddSeconds(1.5)));

        await Task.Delay(700);
        Assert.Empty(bot.Connector.CallsFor(conversation));
        await WaitForStatusAsync(bot, key, OutboxStatus.Sent);
    }

    [Fact]
    public async Task Update_AfterOriginalSent_ReplacesThatActivity()
    {
        var (conversation, user) = await PersonAsync();
        var original = "test.offer:" + Guid.NewGuid();
        var update = original + ":expired";

        await EnqueueAsync(bot.App.Services, async w =>
        {
            await w.ToUserAsync(original, BotFixture.TenantId, user, Text("Angebot"), default);
        });
        var sent = await WaitForStatusAsync(bot, original, OutboxStatus.Sent);
        await EnqueueAsync(bot.App.Services, w => w.UpdateAsync(update, original, Text("Angebot abgelaufen"), default));

        await WaitForStatusAsync(bot, update, OutboxStatus.Sent);
        var put = Assert.Single(bot.Connector.CallsFor(conversation), c => c.Method == "PUT");
        Assert.EndsWith("/activities/" + sent.SentActivityId, put.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UserWithoutChat_CreatesOneAndRemembersIt()
    {
        await PersonAsync(); // any installation in the tenant gives the service URL
        var user = Guid.NewGuid().ToString();
        var key = "test.new-chat:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Hallo"), default));

        var sent = await WaitForStatusAsync(bot, key, OutboxStatus.Sent);
        Assert.StartsWith("a:conv-", sent.ConversationId, StringComparison.Ordinal);
        var create = bot.Connector.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) && c.Body!.ToJsonString().Contains(user, StringComparison.Ordinal));
        Assert.Equal(BotFixture.TenantId, create.Body!["tenantId"]!.GetValue<string>());
        Assert.True(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == sent.ConversationId && i.UserAadObjectId == user)));
    }

    [Theory]
    [InlineData(403, "MessageWritesBlocked")]
    [InlineData(404, "ConversationNotFound")]
    public async Task Send_RecipientGone_FailedOnceAndInstallationInactive(int status, string code)
    {
        var (conversation, user) = await PersonAsync();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Status(status, code));
        var key = "test.gone:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Hallo"), default));

        var failed = await WaitForStatusAsync(bot, key, OutboxStatus.Failed);
        await Task.Delay(500);
        Assert.Single(bot.Connector.CallsFor(conversation));
        Assert.Equal(1, failed.Attempts);
        Assert.False(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));
    }

    [Fact]
    public async Task Send_503Storm_DeadAfterMaxAttemptsNotForever()
    {
        var (conversation, user) = await PersonAsync();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Status(503));
        var key = "test.storm:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Hallo"), default));

        var dead = await WaitForStatusAsync(bot, key, OutboxStatus.Dead);
        await Task.Delay(700);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal(6, bot.Connector.CallsFor(conversation).Count); // 3 attempts x (1 try + 1 in-line retry)
        Assert.Contains("503", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Timeouts_DeadAfterMaxAttempts()
    {
        var (conversation, user) = await PersonAsync();
        bot.Connector.AlwaysFor(conversation, ConnectorStub.Hang(TimeSpan.FromSeconds(30)));
        var key = "test.hang:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Hallo"), default));

        var dead = await WaitForStatusAsync(bot, key, OutboxStatus.Dead, TimeSpan.FromSeconds(40));
        Assert.Equal(3, dead.Attempts);
        Assert.Equal(6, bot.Connector.CallsFor(conversation).Count);
    }

    [Fact]
    public async Task Send_429WithRetryAfter_WaitsThenDeliversOnce()
    {
        var (conversation, user) = await PersonAsync();
        // Two 429s: the in-line retry takes the first; the outbox waits out the second and tries again.
        bot.Connector.ThenFor(conversation, ConnectorStub.Status(429, "Throttled", 1), ConnectorStub.Status(429, "Throttled", 1));
        var key = "test.throttled:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, user, Text("Hallo"), default));

        var sent = await WaitForStatusAsync(bot, key, OutboxStatus.Sent);
        var calls = bot.Connector.CallsFor(conversation);
        Assert.Equal(3, calls.Count);
        Assert.True(calls[2].At - calls[1].At >= TimeSpan.FromMilliseconds(950));
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task Send_ConversationOrder_KeptForOnePerson()
    {
        var (conversation, user) = await PersonAsync();
        var prefix = "test.order:" + Guid.NewGuid();

        await EnqueueAsync(bot.App.Services, async w =>
        {
            for (var i = 0; i < 12; i++) await w.ToUserAsync($"{prefix}:{i}", BotFixture.TenantId, user, Text($"Nachricht {i}"), default);
        });

        await bot.Connector.WaitForCallsAsync(conversation, 12);
        var texts = bot.Connector.CallsFor(conversation).Select(c => c.Body!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Nachricht {i}"), texts);
    }
}
