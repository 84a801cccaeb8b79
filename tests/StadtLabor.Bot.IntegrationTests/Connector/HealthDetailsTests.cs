using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Connector;

/// <summary>
/// /health/ready tells everyone whether the bot is ready, but what runs behind it (database provider, migrations,
/// scheduler) only to this machine or to a monitor that knows Health:DetailsKey.
/// </summary>
public sealed class HealthDetailsTests(HealthKeyBot bot) : IClassFixture<HealthKeyBot>
{
    [Fact]
    public async Task Ready_FromLoopback_StatusAndDetails()
    {
        var body = await ReadyAsync();
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Contains("migrations applied", body["checks"]!["database"]!["Description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_FromThePublicThroughAProxy_StatusOnly()
    {
        var body = await ReadyAsync(("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Null(body["checks"]);
        Assert.Single(body);
    }

    [Fact]
    public async Task Ready_PublicWithTheKey_Details()
    {
        var body = await ReadyAsync(("X-Forwarded-For", "203.0.113.7"), (Health.DetailsKeyHeader, HealthKeyBot.Key));
        Assert.NotNull(body["checks"]!["database"]);
    }

    [Theory]
    [InlineData("wrong-key-of-the-same-length-000")]
    [InlineData("w")]
    [InlineData("")]
    public async Task Ready_PublicWithAWrongKey_StatusOnly(string key)
    {
        var body = await ReadyAsync(("X-Forwarded-For", "203.0.113.7"), (Health.DetailsKeyHeader, key));
        Assert.Null(body["checks"]);
    }

    private async Task<JsonObject> ReadyAsync(params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await bot.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

public sealed class HealthKeyBot : BotFixture
{
    public const string Key = "monitor-key-0123456789abcdefghij";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Health:DetailsKey"] = Key };
}
