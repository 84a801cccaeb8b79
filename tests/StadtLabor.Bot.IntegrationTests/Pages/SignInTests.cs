using System.Net;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages;

/// <summary>
/// The page session: sign-in through Entra (the local stand-in), what the session cookie holds, sign-out with
/// anti-forgery, and what a person without a session sees. The database plays no part, so SQLite only.
/// </summary>
[Collection(PagesCollections.Sqlite)]
public sealed class SignInTests(SqlitePagesBot bot)
{
    [Fact]
    public async Task NoSession_PageOpened_SentToEntraAndBackToThePage()
    {
        using var client = PageClient.Anonymous(bot);
        // Without a login hint the stand-in shows its account picker: the browser did reach Entra's /authorize.
        var picker = await client.GetAsync("/abgemeldet?x=1");
        Assert.Equal("/abgemeldet", picker.Path);

        var page = await client.GetAsync("/");
        Assert.Contains("/oauth2/v2.0/authorize", page.Path, StringComparison.Ordinal);
        Assert.Equal("Konto auswählen", page.H1);
        var authorize = bot.EntraId.Requests.Last(r => r.StartsWith("authorize", StringComparison.Ordinal));
        Assert.Contains("code_challenge_method=S256", authorize, StringComparison.Ordinal);
        Assert.DoesNotContain("form_post", authorize, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_Erika_HeaderNamesHerAndCookieHoldsNoToken()
    {
        using var client = await bot.SignInAsync(Activities.Erika);
        var page = await client.GetAsync("/abgemeldet");
        Assert.Contains("Angemeldet als Mustermann, Erika", page.Document.QuerySelector(".who")!.TextContent, StringComparison.Ordinal);
        var session = client.Cookies.GetCookies(bot.Http.BaseAddress!).Single(c => c.Name.StartsWith("stadtlabor-session", StringComparison.Ordinal));
        Assert.True(session.HttpOnly);
        // The cookie holds the data-protected session (object id, tenant, name), not Entra's tokens.
        Assert.True(session.Value.Length < 1500, $"session cookie of {session.Value.Length} characters: tokens saved?");
    }

    [Fact]
    public async Task SignOut_WithToken_EndsSession_WithoutToken_Refused()
    {
        using var client = await bot.SignInAsync(Activities.Erika);
        var page = await client.GetAsync("/abgemeldet");

        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/abmelden") { Content = new FormUrlEncodedContent([]) })
        using (var refused = await client.SendAsync(forged))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await client.GetAsync("/abgemeldet")).Document.QuerySelector(".who"));

        var after = await client.SubmitAsync(page, "form[action='/abmelden']");
        Assert.Equal("/abgemeldet", after.Path);
        Assert.Null(after.Document.QuerySelector(".who"));
    }

    [Fact]
    public async Task SignIn_RoleGivenOnlyByUpn_MiaGetsTheLabTeamPagesTomDoesNot()
    {
        // Mia's ID token carries her UPN as preferred_username (Entra's default); the configuration names her in other case.
        using var mia = await bot.SignInAsync(PagesBot.MiaByUpn);
        var page = await mia.GetAsync("/labor/schulungen");
        Assert.Equal((HttpStatusCode.OK, "/labor/schulungen"), (page.Status, page.Path));
        Assert.NotNull(page.Document.QuerySelector("nav a[href='/labor/schulungen']"));

        using var tom = await bot.SignInAsync(PagesBot.TomByUpn);
        Assert.Equal(HttpStatusCode.Forbidden, (await tom.GetAsync("/labor/schulungen")).Status);
    }

    [Fact]
    public async Task SignIn_TargetElsewhere_StaysOnThisSite()
    {
        using var client = PageClient.Anonymous(bot);
        var page = await client.GetAsync($"/anmelden?login_hint={Activities.Erika.AadObjectId}&ziel=https%3A%2F%2Fevil.example%2F");
        Assert.Equal(bot.Http.BaseAddress!.Host, new Uri(bot.Http.BaseAddress!, page.Path).Host);
        Assert.Equal("/meine", page.Path); // the start page leads there (signed in, not to evil.example)
    }

    [Fact]
    public async Task Browser_SignInAndStatusPage_AccessibleWithSecurityHeaders()
    {
        var page = await bot.Browser.OpenAsync(Activities.Erika, "/abgemeldet");
        await PagesBrowser.AssertAccessibleAsync(page, "signed-out page");
        var response = await page.GotoAsync("/status/403");
        var csp = response!.Headers["content-security-policy"];
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        Assert.Equal("Keine Berechtigung", await page.Locator("h1").InnerTextAsync());
        await PagesBrowser.AssertAccessibleAsync(page, "403 page");
        await bot.Browser.ScreenshotAsync(page, "00-keine-berechtigung");
        await page.Context.CloseAsync();
    }
}
