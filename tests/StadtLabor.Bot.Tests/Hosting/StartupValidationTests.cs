using Microsoft.Extensions.Options;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Tests.Hosting;

/// <summary>A wrong setting stops the start with a message that names the key, not a stack trace at the first turn.</summary>
public sealed class StartupValidationTests
{
    private static Task<string> StartFailureAsync(string environment, params (string Key, string? Value)[] changes) =>
        LabAppStart.FailureAsync(environment, changes);

    [Fact]
    public async Task Start_ValidProductionSettings_Starts() => Assert.Equal("", await StartFailureAsync("Production"));

    [Theory]
    [InlineData("Bot:AppId", "", "Bot:AppId")]
    [InlineData("Bot:AppId", "not-a-guid", "Bot:AppId")]
    [InlineData("Bot:TenantId", "", "Bot:TenantId")]
    [InlineData("Bot:AllowedTenants:0", null, "Bot:AllowedTenants")]
    [InlineData("Bot:OpenIdMetadataUrl", "http://login.example/metadata", "Bot:OpenIdMetadataUrl")]
    [InlineData("Bot:RequireHttpsMetadata", "false", "Bot:RequireHttpsMetadata")]
    [InlineData("Bot:ServiceUrlHosts:0", "*.trafficmanager.net", "Bot:ServiceUrlHosts")]
    [InlineData("Bot:Credential:Type", "None", "Bot:Credential:Type")]
    [InlineData("Bot:Credential:ClientSecret", "", "Bot:Credential:ClientSecret")]
    [InlineData("Bot:DangerouslyAllowAnonymous", "true", "Bot:DangerouslyAllowAnonymous")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Links:Key", "dG9vIHNob3J0", "Links:Key")]
    [InlineData("Bot:PublicBaseUrl", "bot.soest.de", "Bot:PublicBaseUrl")]
    [InlineData("Bot:PublicBaseUrl", null, "Bot:PublicBaseUrl")]
    [InlineData("Bot:PublicBaseUrl", "http://stadtlabor-bot.soest.de", "Bot:PublicBaseUrl")]
    public async Task Start_WrongSetting_FailsNamingTheKey(string key, string? value, string named)
    {
        var message = await StartFailureAsync("Production", (key, value));
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_FailsNamingTheKey()
    {
        var message = await StartFailureAsync("Production", ("Database:Provider", "Postgres"), ("ConnectionStrings:Lab", ""));
        Assert.Contains("ConnectionStrings:Lab", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentWithoutPublicBaseUrl_AllowedWithTheLocalAddress()
    {
        var message = await StartFailureAsync("Development", ("Bot:PublicBaseUrl", null));
        Assert.Equal("", message);
    }

    [Fact]
    public async Task Start_DevelopmentWithPlainHttpPublicBaseUrl_Allowed()
    {
        var message = await StartFailureAsync("Development", ("Bot:PublicBaseUrl", "http://127.0.0.1:3978"));
        Assert.Equal("", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_PlainHttpPublicBaseUrlOutsideDevelopment_FailsNamingKeyAndHttps(string environment)
    {
        var message = await StartFailureAsync(environment, ("Bot:PublicBaseUrl", "http://stadtlabor-bot.soest.de"));
        Assert.Contains("Bot:PublicBaseUrl", message, StringComparison.Ordinal);
        Assert.Contains("https", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AnonymousInDevelopment_Allowed()
    {
        var message = await StartFailureAsync("Development", ("Bot:DangerouslyAllowAnonymous", "true"), ("Bot:Credential:Type", "None"));
        Assert.Equal("", message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    public async Task Start_AnonymousListeningBeyondLoopback_Fails(string urls)
    {
        var message = await StartFailureAsync("Development", ("Bot:DangerouslyAllowAnonymous", "true"), ("Bot:Credential:Type", "None"), ("urls", urls));
        Assert.Contains("Bot:DangerouslyAllowAnonymous", message, StringComparison.Ordinal);
        Assert.Contains("listens on", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NotAnonymousListeningOnAllInterfaces_Starts()
    {
        var message = await StartFailureAsync("Production", ("urls", "http://0.0.0.0:0"));
        Assert.Equal("", message);
    }

    [Fact]
    public async Task Start_AnonymousWithAnOutboundCredential_FailsNamingTheKeys()
    {
        var message = await StartFailureAsync("Development", ("Bot:DangerouslyAllowAnonymous", "true"));
        Assert.Contains("Bot:Credential:Type=None", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlainHttpMetadataOnLoopbackWithOptOut_Allowed()
    {
        var message = await StartFailureAsync("Production",
            ("Bot:OpenIdMetadataUrl", "http://127.0.0.1:5000/v1/.well-known/openidconfiguration"), ("Bot:RequireHttpsMetadata", "false"));
        Assert.Equal("", message);
    }
}
