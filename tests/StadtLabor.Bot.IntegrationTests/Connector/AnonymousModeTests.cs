using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Connector;

/// <summary>
/// The development-only anonymous mode lets the Agents Playground talk to the bot without a token, but only from a
/// loopback serviceUrl on the allow-list, and a token that is sent is still checked. (Outside Development the app
/// refuses to start with it: see StartupValidationTests.)
/// </summary>
public sealed class AnonymousModeTests(AnonymousDevelopmentBot bot) : IClassFixture<AnonymousDevelopmentBot>
{
    [Fact]
    public async Task Anonymous_NoTokenLoopbackServiceUrl_Accepted()
    {
        var conversation = "a:playground-" + Guid.NewGuid().ToString("N");
        using var response = await bot.PostAsync(Message(bot, Erika, "hilfe", conversation), authorization: null);
        Assert.Equal(200, (int)response.StatusCode);
        await bot.Connector.WaitForCallsAsync(conversation, 1);
    }

    [Fact]
    public async Task Anonymous_NoTokenRemoteServiceUrl_Rejected()
    {
        var activity = Message(bot, Erika, "hilfe", "a:playground-" + Guid.NewGuid().ToString("N"));
        activity["serviceUrl"] = "https://smba.trafficmanager.net/emea/";
        using var response = await bot.PostAsync(activity, authorization: null);
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_BadTokenSent_StillRejected()
    {
        var activity = Message(bot, Erika, "hilfe", "a:playground-" + Guid.NewGuid().ToString("N"));
        using var response = await bot.PostAsync(activity, "Bearer " + TestIssuer.UnsignedToken(BotFixture.AppId, bot.Connector.ServiceUrl));
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7;proto=https")]
    [InlineData("X-Forwarded-Host", "abc123-3978.euw.devtunnels.ms")]
    public async Task Anonymous_RelayedByATunnelOrProxy_Rejected(string header, string value)
    {
        // A dev tunnel or reverse proxy on this machine connects from loopback: only its headers tell it apart.
        var conversation = "a:tunnel-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Message(bot, LabTeam, "hilfe", conversation).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await bot.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.False(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation)));
    }

    [Fact]
    public async Task Anonymous_TenantNotAllowed_Rejected()
    {
        var activity = Message(bot, Erika, "hilfe", "a:playground-" + Guid.NewGuid().ToString("N"));
        activity["channelData"]!["tenant"]!["id"] = "11111111-2222-3333-4444-555555555555";
        activity["conversation"]!["tenantId"] = "11111111-2222-3333-4444-555555555555";
        using var response = await bot.PostAsync(activity, authorization: null);
        Assert.Equal(403, (int)response.StatusCode);
    }
}
