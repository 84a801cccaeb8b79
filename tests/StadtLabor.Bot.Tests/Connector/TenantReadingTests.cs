using System.Text;
using System.Text.Json;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Tests.Connector;

public sealed class TenantReadingTests
{
    private const string Soest = "9a8b7c6d-1111-4222-8333-444455556666";

    private static TenantReading Read(string channelData, string? conversationTenant)
    {
        var conversation = conversationTenant is null ? "{\"id\":\"a:1\"}" : $"{{\"id\":\"a:1\",\"tenantId\":\"{conversationTenant}\"}}";
        var activity = JsonSerializer.Deserialize<Activity>($"{{\"type\":\"message\",\"conversation\":{conversation},\"channelData\":{channelData}}}", ConnectorJson.Options)!;
        return TenantReading.Of(activity);
    }

    [Theory]
    [InlineData("{\"tenant\":{\"id\":\"" + Soest + "\"}}", Soest, TenantReadingKind.Found)]
    [InlineData("{\"tenant\":{\"id\":\"" + Soest + "\"}}", null, TenantReadingKind.Found)]
    [InlineData("{}", Soest, TenantReadingKind.Found)]
    [InlineData("{\"tenant\":null}", Soest, TenantReadingKind.Found)]
    [InlineData("{\"tenant\":{\"id\":\"9A8B7C6D-1111-4222-8333-444455556666\"}}", Soest, TenantReadingKind.Found)]
    [InlineData("{}", null, TenantReadingKind.Missing)]
    [InlineData("{\"tenant\":{\"id\":42}}", Soest, TenantReadingKind.Malformed)]
    [InlineData("{\"tenant\":{\"id\":[\"" + Soest + "\"]}}", Soest, TenantReadingKind.Malformed)]
    [InlineData("{\"tenant\":{\"id\":{\"id\":\"" + Soest + "\"}}}", Soest, TenantReadingKind.Malformed)]
    [InlineData("{\"tenant\":\"" + Soest + "\"}", Soest, TenantReadingKind.Malformed)]
    [InlineData("{\"tenant\":true}", null, TenantReadingKind.Malformed)]
    [InlineData("{\"tenant\":{\"id\":\"" + Soest + "\"}}", "11111111-2222-3333-4444-555555555555", TenantReadingKind.Conflicting)]
    public void Of_TenantFields_ReadWithoutTrustingTheirTypes(string channelData, string? conversationTenant, TenantReadingKind expected)
    {
        var reading = Read(channelData, conversationTenant);
        Assert.Equal(expected, reading.Kind);
        Assert.Equal(expected == TenantReadingKind.Found ? Soest : null, reading.TenantId?.ToLowerInvariant());
    }

    [Fact]
    public void TenantId_MalformedTenant_NullInsteadOfAnException()
    {
        var activity = JsonSerializer.Deserialize<Activity>("{\"type\":\"message\",\"channelData\":{\"tenant\":[1,2]}}", ConnectorJson.Options)!;
        Assert.Null(activity.TenantId);
    }

    [Theory]
    [InlineData("{\"channelData\":{\"tenant\":{\"id\":\"a\",\"id\":\"b\"}}}", true)]
    [InlineData("{\"type\":\"message\",\"type\":\"invoke\"}", true)]
    [InlineData("{\"type\":\"message\",\"value\":{\"verb\":\"a\",\"Verb\":\"b\"}}", true)] // found by the fuzz suite: JsonObject reads case-insensitively
    [InlineData("{\"value\":[{\"a\":1},{\"a\":2}]}", false)]
    [InlineData("{\"a\":{\"id\":1},\"b\":{\"id\":2}}", false)]
    [InlineData("{\"a\":", false)]
    public void BodyProblem_SameNameTwiceInOneObject(string json, bool expected) =>
        Assert.Equal(expected, ActivityShape.BodyProblem(Encoding.UTF8.GetBytes(json)) == "a field named twice in one object");

    [Theory]
    [InlineData("{\"conversation\":{\"id\":\"a:1\\u0000x\"}}", true)]    // found by the fuzz suite: PostgreSQL 22021
    [InlineData("{\"text\":\"\\u0000\"}", true)]
    [InlineData("{\"a\\u0000\":1}", true)]
    [InlineData("{\"text\":\"\\\\u0000\"}", false)]                          // a backslash, then the letters u0000
    [InlineData("{\"text\":\"Grüße \\u00fc \\n\"}", false)]
    public void BodyProblem_NulCharacterAnywhere_Refused(string json, bool refused) =>
        Assert.Equal(refused, ActivityShape.BodyProblem(Encoding.UTF8.GetBytes(json)) is { } problem && problem.Contains("NUL", StringComparison.Ordinal));
}
