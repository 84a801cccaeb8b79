using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using Flaw = StadtLabor.Bot.IntegrationTests.Infrastructure.EntraStub.TabTokenFlaw;

namespace StadtLabor.Bot.IntegrationTests.Pages.Tab;

/// <summary>
/// The Teams tab's single sign-on: the shell /tab and POST /tab/anmelden with the token Teams hands the tab (minted
/// by the Entra stand-in, right or with one thing wrong). The database plays no part, so SQLite only.
/// </summary>
[Collection(PagesCollections.Sqlite)]
public sealed class TabSignInTests(SqlitePagesBot bot)
{
    private const string Tina = "00000000-0000-4000-8000-000000014600";
    private const string ApiAudience = "api://stadtlabor-bot.test.example/" + BotFixture.AppId;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TabSignIn_ValidToken_SessionOpensPagesAsThatPerson(bool apiUriAudience)
    {
        // One audience each: the client id (v2 tokens) for Tina (staff), the Application ID URI for Sam (lab team).
        bot.EntraId.AddPerson(Tina, "Tab, Tina");
        var person = apiUriAudience ? Activities.LabTeam.AadObjectId : Tina;
        using var client = PageClient.Anonymous(bot);

        using var response = await PostTokenAsync(client, bot.EntraId.TabToken(person, audience: apiUriAudience ? ApiAudience : null), "/meine");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/meine", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ziel"]!.GetValue<string>());
        var page = await client.GetAsync("/abgemeldet");
        Assert.Contains("Angemeldet als " + (apiUriAudience ? Activities.LabTeam.Name : "Tab, Tina"), page.Document.QuerySelector(".who")!.TextContent, StringComparison.Ordinal);
        // The roles come from the token's object id, through the same RoleGate: only Sam sees the lab team's pages.
        Assert.Equal(apiUriAudience, page.Document.QuerySelector("nav a[href='/labor/schulungen']") is not null);
        // In the tab the site's own brand is hidden (Teams shows the app's name).
        Assert.Contains("in-tab", page.Document.Body!.ClassName ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task TabSignIn_RoleGivenOnlyByUpn_MiaGetsTheLabTeamPagesTomDoesNot()
    {
        // The tab token carries the upn claim (the optional claim of docs/teams-setup.md 6.2); the role is given by UPN only.
        foreach (var (person, granted) in new[] { (PagesBot.MiaByUpn, true), (PagesBot.TomByUpn, false) })
        {
            using var client = PageClient.Anonymous(bot);
            using var response = await PostTokenAsync(client, bot.EntraId.TabToken(person.AadObjectId), "/labor/schulungen");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var page = await client.GetAsync("/labor/schulungen");
            Assert.Equal(granted ? HttpStatusCode.OK : HttpStatusCode.Forbidden, page.Status);
        }
    }

    [Theory]
    [InlineData(Flaw.WrongAudience, "audience")]
    [InlineData(Flaw.WrongIssuer, "issuer")]
    [InlineData(Flaw.OtherTenant, "tenant")]
    [InlineData(Flaw.Expired, "expired")]
    [InlineData(Flaw.NoSignature, "signature")]
    [InlineData(Flaw.UnpublishedKey, "signature")]
    [InlineData(Flaw.OtherScope, "scope")]
    [InlineData(Flaw.NoObjectId, "no_object_id")]
    public async Task TabSignIn_ForgedToken_RefusedWithoutCookie(Flaw flaw, string reason)
    {
        bot.EntraId.AddPerson(Tina, "Tab, Tina");
        using var client = PageClient.Anonymous(bot);
        var token = bot.EntraId.TabToken(Tina, flaw);

        using var response = await PostTokenAsync(client, token, "/meine");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(reason, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("Set-Cookie"), "a refused token must not get any cookie");
        Assert.Null((await client.GetAsync("/abgemeldet")).Document.QuerySelector(".who"));
        var lines = bot.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Tab sign-in refused: " + reason, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains("Tina", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TabSignIn_NoTokenOrForeignTarget_RefusedOrKeptOnThisSite()
    {
        using var client = PageClient.Anonymous(bot);
        using (var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/tab/anmelden")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Contains("\"missing\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var valid = await PostTokenAsync(client, bot.EntraId.TabToken(Activities.Erika.AadObjectId), "https://evil.example/");
        Assert.Equal("/", JsonNode.Parse(await valid.Content.ReadAsStringAsync())!["ziel"]!.GetValue<string>());
    }

    [Fact]
    public async Task TabShell_AnyOne_FramableByTeamsWithLocalTeamsJsAndBrowserLink()
    {
        using var response = await bot.Http.GetAsync("/tab?ziel=/labor/schulungen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com", csp, StringComparison.Ordinal);
        Assert.Contains("https://*.office.com", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);

        using var client = PageClient.Anonymous(bot);
        var page = await client.GetAsync("/tab?ziel=/labor/schulungen");
        Assert.Equal("/labor/schulungen", page.Document.QuerySelector("#tab-signin")!.GetAttribute("data-ziel"));
        Assert.Equal("/anmelden?ziel=%2Flabor%2Fschulungen", page.Document.QuerySelector("#tab-browser")!.GetAttribute("href"));
        Assert.NotNull(page.Document.QuerySelector("script[src='/lib/teams-js/MicrosoftTeams.min.js']"));
        Assert.Equal("/", (await client.GetAsync("/tab?ziel=//evil.example/x")).Document.QuerySelector("#tab-signin")!.GetAttribute("data-ziel"));
        // What nested app authentication asks for, from the settings the server checks the token against.
        var shell = page.Document.QuerySelector("#tab-signin")!;
        Assert.Equal(BotFixture.AppId, shell.GetAttribute("data-client-id"));
        Assert.Equal(bot.EntraId.Instance.TrimEnd('/') + "/" + bot.EntraId.TenantId, shell.GetAttribute("data-authority"));
        Assert.Equal(ApiAudience + "/access_as_user", shell.GetAttribute("data-scope"));

        // TeamsJS and MSAL.js come from this server, as published (no CDN: the intranet may have no internet).
        using var teamsJs = await bot.Http.GetAsync("/lib/teams-js/MicrosoftTeams.min.js");
        Assert.Equal(HttpStatusCode.OK, teamsJs.StatusCode);
        Assert.Contains("getAuthToken", await teamsJs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var msal = await bot.Http.GetAsync("/lib/msal-browser/msal-browser.min.js");
        Assert.Equal(HttpStatusCode.OK, msal.StatusCode);
        Assert.Contains("createNestablePublicClientApplication", await msal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_TabShellOutsideTeams_ShowsMessageAndBrowserLink()
    {
        var page = await bot.Browser.OpenAsync(Activities.Erika, "/tab?ziel=/meine");
        var failed = page.Locator("#tab-failed");
        await failed.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15000 });

        Assert.Contains("Außerhalb von Teams kann sie dich nicht anmelden", await failed.InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await page.Locator("#tab-working").IsVisibleAsync());
        // The CSP still stops inline script (a script element added at run time, as an injection would).
        Assert.False(await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); return window.inlineRan === true; }
            """));
        Assert.Equal("Im Browser öffnen", (await page.Locator("#tab-browser").InnerTextAsync()).Split('\n')[0].Replace("(öffnet ein neues Fenster)", "", StringComparison.Ordinal).Trim());
        await PagesBrowser.TabToAsync(page, "#tab-browser");
        await PagesBrowser.AssertAccessibleAsync(page, "tab shell outside Teams");
        await bot.Browser.ScreenshotAsync(page, "70-tab-ausserhalb-teams");
        await page.Context.CloseAsync();
    }

    private static async Task<HttpResponseMessage> PostTokenAsync(PageClient client, string token, string target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tab/anmelden?ziel=" + Uri.EscapeDataString(target));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }
}
