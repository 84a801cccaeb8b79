using StadtLabor.Bot.Features.Installations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Connector;

/// <summary>
/// The token matrix of TEAMS-PROTOCOL.md through HTTP: only a fully valid request is accepted; every rejected one
/// gets 401/403 and leaves no trace (no installation stored, nothing sent to the connector).
/// </summary>
public sealed class InboundAuthTests(SqliteBot bot) : IClassFixture<SqliteBot>
{
    public static TheoryData<string, int> Rejections => new()
    {
        { "missing header", 401 },
        { "wrong scheme", 401 },
        { "bad signature", 401 },
        { "unknown key", 401 },
        { "alg none", 401 },
        { "wrong issuer", 401 },
        { "wrong audience", 401 },
        { "expired", 401 },
        { "not yet valid", 401 },
        { "missing endorsement", 403 },
        { "serviceurl claim mismatch", 403 },
        { "tenant not allowed", 403 },
        { "serviceUrl host not allowed", 403 },
        { "serviceUrl wildcard lookalike", 403 },
        { "serviceUrl plain http to a remote host", 403 },
        { "channel endorsed only for another channel", 403 },
        { "channel not served, key endorsed for it", 403 },
        { "tenant id a number", 400 },
        { "tenant id an array", 400 },
        { "tenant not an object", 400 },
        { "tenants disagree", 403 },
        { "no conversation id", 400 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Messages_InvalidRequest_RejectedWithoutSideEffects(string scenario, int expectedStatus)
    {
        var conversationId = "a:attack-" + Guid.NewGuid().ToString("N");
        var activity = Message(bot, Erika, "hilfe", conversationId);
        var authorization = Arrange(scenario, activity);

        using var response = await bot.PostAsync(activity, authorization);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.False(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversationId)));
        await AssertNothingSentToAsync(conversationId);
    }

    [Fact]
    public async Task Messages_ValidToken_AcceptedStoredAndAnswered()
    {
        var conversationId = "a:valid-" + Guid.NewGuid().ToString("N");

        using var response = await bot.PostAsync(Message(bot, Erika, "hilfe", conversationId));

        Assert.Equal(200, (int)response.StatusCode);
        var reply = await WaitForReplyAsync(conversationId);
        Assert.Equal("Bearer " + FakeEntraCredential.TokenValue, reply.Authorization);
        Assert.Equal("https://api.botframework.com/.default", bot.Entra.LastScope);
        Assert.True(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversationId && i.Active)));
    }

    [Fact]
    public async Task Messages_TenantIdTwiceInTheBody_BadRequestWithoutSideEffects()
    {
        var conversationId = "a:attack-" + Guid.NewGuid().ToString("N");
        var json = Message(bot, Erika, "hilfe", conversationId).ToJsonString()
            .Replace("\"tenant\":{\"id\":", "\"tenant\":{\"id\":\"11111111-2222-3333-4444-555555555555\",\"id\":", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", bot.ValidToken());

        using var response = await bot.Http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversationId)));
        await AssertNothingSentToAsync(conversationId);
    }

    [Fact]
    public async Task Messages_NulCharacterInConversationId_BadRequestWithoutSideEffects()
    {
        // Found by the fuzz suite: PostgreSQL refuses NUL in text (SQLSTATE 22021), so this used to end as a 500 at the
        // first insert. Teams never writes it; it is refused at the door on every database.
        var conversationId = "a:nul-" + Guid.NewGuid().ToString("N");
        var json = Message(bot, Erika, "hilfe", conversationId).ToJsonString()
            .Replace(conversationId, conversationId + "\\u0000x", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", bot.ValidToken());

        using var response = await bot.Http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(await bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId.StartsWith(conversationId))));
        await AssertNothingSentToAsync(conversationId + "\0x");
    }

    [Theory]
    [InlineData("channelData only")]
    [InlineData("conversation only")]
    [InlineData("both, other case")]
    public async Task Messages_TenantInEitherPlace_Accepted(string where)
    {
        var conversationId = "a:tenant-" + Guid.NewGuid().ToString("N");
        var activity = Message(bot, Erika, "hilfe", conversationId);
        switch (where)
        {
            case "channelData only": activity["conversation"]!.AsObject().Remove("tenantId"); break;
            case "conversation only": activity.Remove("channelData"); break;
            default: activity["conversation"]!["tenantId"] = BotFixture.TenantId.ToUpperInvariant(); break;
        }

        using var response = await bot.PostAsync(activity);

        Assert.Equal(200, (int)response.StatusCode);
        await WaitForReplyAsync(conversationId);
    }

    [Fact]
    public async Task Messages_OversizedBody_Rejected()
    {
        var activity = Message(bot, Erika, new string('x', 300 * 1024));
        using var response = await bot.PostAsync(activity);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task Messages_TokenCheckedBefore_ActivityRulesStillCheckedEveryTime()
    {
        // A token whose signature passed is believed for a while without the RSA check; what depends on the activity never is.
        var token = "Bearer " + bot.Issuer.Token(BotFixture.AppId, bot.Connector.ServiceUrl);
        using (var first = await bot.PostAsync(Message(bot, Erika, "hilfe", "a:cached-" + Guid.NewGuid().ToString("N")), token))
            Assert.Equal(200, (int)first.StatusCode);

        var otherPath = Message(bot, Erika, "hilfe", "a:attack-" + Guid.NewGuid().ToString("N"));
        otherPath["serviceUrl"] = bot.Connector.ServiceUrl.TrimEnd('/') + "/other/";
        var otherTenant = Message(bot, Erika, "hilfe", "a:attack-" + Guid.NewGuid().ToString("N"));
        otherTenant["channelData"]!["tenant"]!["id"] = "11111111-2222-3333-4444-555555555555";
        otherTenant["conversation"]!["tenantId"] = "11111111-2222-3333-4444-555555555555";
        var otherChannel = Message(bot, Erika, "hilfe", "a:attack-" + Guid.NewGuid().ToString("N"));
        otherChannel["channelId"] = "webchat";

        foreach (var activity in new[] { otherPath, otherTenant, otherChannel })
        {
            using var response = await bot.PostAsync(activity, token);
            Assert.Equal(403, (int)response.StatusCode);
            await AssertNothingSentToAsync(activity["conversation"]!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Messages_MalformedJson_BadRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent("{\"type\": \"message\", ", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", bot.ValidToken());
        using var response = await bot.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
    }

    private string? Arrange(string scenario, JsonObject activity)
    {
        var serviceUrl = bot.Connector.ServiceUrl;
        var issuer = bot.Issuer;
        var now = DateTime.UtcNow;
        switch (scenario)
        {
            case "missing header": return null;
            case "wrong scheme": return "Basic " + Convert.ToBase64String("bot:secret"u8.ToArray());
            case "bad signature": return "Bearer " + issuer.TamperedToken(BotFixture.AppId, serviceUrl);
            case "unknown key": return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, TestIssuer.Signing.Unpublished);
            case "alg none": return "Bearer " + TestIssuer.UnsignedToken(BotFixture.AppId, serviceUrl);
            case "wrong issuer": return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, issuer: "https://sts.windows.net/evil/");
            case "wrong audience": return "Bearer " + issuer.Token(Guid.NewGuid().ToString(), serviceUrl);
            case "expired": return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10));
            case "not yet valid": return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1));
            case "missing endorsement": return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, TestIssuer.Signing.Unendorsed);
            case "serviceurl claim mismatch": return "Bearer " + issuer.Token(BotFixture.AppId, "https://smba.trafficmanager.net/emea/");
            case "tenant not allowed":
                activity["channelData"]!["tenant"]!["id"] = "11111111-2222-3333-4444-555555555555";
                activity["conversation"]!["tenantId"] = "11111111-2222-3333-4444-555555555555";
                return "valid";
            case "serviceUrl host not allowed":
                return SignedFor(activity, "http://127.0.0.2:" + new Uri(serviceUrl).Port + "/teams/");
            case "serviceUrl wildcard lookalike":
                return SignedFor(activity, "https://evil.trafficmanager.net/teams/");
            case "serviceUrl plain http to a remote host":
                return SignedFor(activity, "http://smba.trafficmanager.net/teams/");
            case "channel endorsed only for another channel":
                // The unendorsed test key is endorsed for webchat only: claiming webchat in the body matched it.
                activity["channelId"] = "webchat";
                return "Bearer " + issuer.Token(BotFixture.AppId, serviceUrl, TestIssuer.Signing.Unendorsed);
            case "channel not served, key endorsed for it":
                activity["channelId"] = "webchat";
                return "valid";
            case "tenant id a number":
                activity["channelData"]!["tenant"]!["id"] = 42;
                return "valid";
            case "tenant id an array":
                activity["channelData"]!["tenant"]!["id"] = new JsonArray(BotFixture.TenantId);
                return "valid";
            case "tenant not an object":
                activity["channelData"]!["tenant"] = BotFixture.TenantId;
                return "valid";
            case "tenants disagree":
                activity["conversation"]!["tenantId"] = "11111111-2222-3333-4444-555555555555";
                return "valid";
            case "no conversation id":
                activity["conversation"]!.AsObject().Remove("id");
                return "valid";
            default: throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }

    /// <summary>A correctly signed token for a serviceUrl we must still refuse (the attacker controls the activity).</summary>
    private string SignedFor(JsonObject activity, string serviceUrl)
    {
        activity["serviceUrl"] = serviceUrl;
        return "Bearer " + bot.Issuer.Token(BotFixture.AppId, serviceUrl, algorithm: SecurityAlgorithms.RsaSha256);
    }

    /// <summary>Replies go out after the 200, so we send a valid message behind it and wait for that reply first.</summary>
    private async Task AssertNothingSentToAsync(string conversationId)
    {
        var barrier = "a:barrier-" + Guid.NewGuid().ToString("N");
        using var response = await bot.PostAsync(Message(bot, Erika, "hilfe", barrier));
        Assert.Equal(200, (int)response.StatusCode);
        await WaitForReplyAsync(barrier);
        Assert.DoesNotContain(bot.Connector.Calls, c => c.Path.Contains(Uri.EscapeDataString(conversationId), StringComparison.Ordinal));
    }

    private async Task<ConnectorCall> WaitForReplyAsync(string conversationId)
    {
        var path = "/v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var call = bot.Connector.Calls.FirstOrDefault(c => c.Path.Contains(path, StringComparison.Ordinal));
            if (call is not null) return call;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No reply to {conversationId} reached the connector stub.");
    }
}
