using System.Net;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages.Tab;

/// <summary>
/// ./run.sh's sign-in without Entra: in Development, with Pages:DevelopmentSignInObjectId, from this machine, /anmelden
/// signs that person in; without the setting, or through a proxy or tunnel, the route is not there. (Outside Development the app refuses to start
/// with it: StadtLabor.Bot.Tests, Pages/DevelopmentSignInGuardTests.)
/// </summary>
public sealed class DevelopmentSignInTests(DevelopmentSignInTests.DevelopmentPagesBot bot, AnonymousDevelopmentBot withoutSetting)
    : IClassFixture<DevelopmentSignInTests.DevelopmentPagesBot>, IClassFixture<AnonymousDevelopmentBot>
{
    // As ./run.sh configures it for the Playground's user: an object id that is no GUID, and roles given by UPN.
    public const string Developer = "00000000-0000-0000-0000-0000000014601";
    public const string DeveloperUpn = "entwickler14601@example.com";

    [Fact]
    public async Task DevelopmentSignIn_Configured_SignsTheConfiguredPersonIn()
    {
        using var client = PageClient.Anonymous(bot);

        // Without Entra configured, /anmelden leads to the development sign-in, and that back to the page.
        var page = await client.GetAsync("/anmelden?ziel=/abgemeldet");

        Assert.Equal("/abgemeldet", page.Path);
        Assert.Contains("Angemeldet als Entwicklung (lokal)", page.Document.QuerySelector(".who")!.TextContent, StringComparison.Ordinal);
        // The sign-in carries the configured UPN, so the lab team's role (given by UPN) applies: its pages are in the header.
        Assert.NotNull(page.Document.QuerySelector("nav a[href='/labor/schulungen']"));
        Assert.Contains(bot.Logs.Lines, l => l.Contains("Development sign-in without Entra used", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    public async Task DevelopmentSignIn_ThroughProxyOrTunnel_NotFoundWithoutSession(string header, string value)
    {
        // A dev tunnel or reverse proxy on this machine connects from loopback too; its forwarding header gives it away,
        // as for anonymous mode.
        using var client = PageClient.Anonymous(bot);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anmelden/entwicklung?ziel=/abgemeldet");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(client.Cookies.GetCookies(bot.Http.BaseAddress!), c => c.Name.StartsWith("stadtlabor-session", StringComparison.Ordinal));
        Assert.Null((await client.GetAsync("/abgemeldet")).Document.QuerySelector(".who"));
    }

    [Fact]
    public async Task DevelopmentSignIn_NotConfigured_NotFound()
    {
        // Development too, but without Pages:DevelopmentSignInObjectId.
        using var client = PageClient.Anonymous(withoutSetting);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/anmelden/entwicklung?ziel=/abgemeldet"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Development, the development sign-in configured for one person of the lab team (by UPN); no Entra.</summary>
    public sealed class DevelopmentPagesBot : BotFixture
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override string Environment => "Development";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Pages:DevelopmentSignInObjectId"] = Developer,
            ["Pages:RequireHttps"] = "false",
            ["Pages:DevelopmentSignInUpn"] = DeveloperUpn,
            ["Roles:LabTeam:0"] = DeveloperUpn,
        };
    }
}
