using System.Text.Json;
using Microsoft.Playwright;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages.Tab;

/// <summary>
/// Which way the tab shell (wwwroot/js/tab.js) gets its token from the host: MSAL.js's nested app authentication where
/// the host recommends it, getAuthToken otherwise. Chromium has no Teams host to talk to, so the two libraries' URLs
/// answer with small stand-ins (TeamsJS reporting whether NAA is recommended; MSAL.js handing out the Entra
/// stand-in's token only for the client id, authority and scope the page must name). The token then goes to the real
/// POST /tab/anmelden. The database plays no part, so SQLite only.
/// </summary>
[Collection(PagesCollections.Sqlite)]
public sealed class TabHostTokenTests(SqlitePagesBot bot)
{
    private const string Tina = "00000000-0000-4000-8000-000000014600";
    private const string ApiAudience = "api://stadtlabor-bot.test.example/" + BotFixture.AppId;

    public enum Host
    {
        /// <summary>NAA recommended; MSAL.js's silent call answers. getAuthToken would fail.</summary>
        NaaSilent,
        /// <summary>NAA recommended; the silent call needs interaction (consent), the popup answers. getAuthToken would fail.</summary>
        NaaPopup,
        /// <summary>NAA recommended but the host's bridge is off (no SPA redirect registered): getAuthToken answers.</summary>
        NaaUnavailable,
        /// <summary>NAA recommended; the person closes the consent popup: refused, getAuthToken not tried behind their back.</summary>
        NaaPopupClosed,
        /// <summary>A host without NAA: getAuthToken answers, MSAL.js is not even fetched.</summary>
        Classic,
    }

    [Theory]
    [InlineData(Host.NaaSilent, true, 1)]
    [InlineData(Host.NaaPopup, true, 1)]
    [InlineData(Host.NaaUnavailable, true, 1)]
    [InlineData(Host.NaaPopupClosed, false, 1)]
    [InlineData(Host.Classic, true, 0)]
    public async Task Browser_TabInHost_TokenTheRightWaySessionFromServer(Host host, bool signedIn, int msalFetched)
    {
        bot.EntraId.AddPerson(Tina, "Tab, Tina");
        var page = await bot.Browser.NewPageAsync();
        var msalRequests = 0;
        await page.RouteAsync("**/lib/teams-js/MicrosoftTeams.min.js", route => route.FulfillAsync(Script(FakeTeamsJs(host))));
        await page.RouteAsync("**/lib/msal-browser/msal-browser.min.js", route =>
        {
            Interlocked.Increment(ref msalRequests);
            return route.FulfillAsync(Script(FakeMsal(host)));
        });

        await page.GotoAsync("/tab?ziel=/meine");

        if (signedIn)
        {
            await page.WaitForURLAsync("**/meine", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });
            Assert.Contains("Tab, Tina", await page.Locator(".who").InnerTextAsync(), StringComparison.Ordinal);
            var cookies = (await page.Context.CookiesAsync()).Select(c => c.Name).ToList();
            Assert.Contains("stadtlabor-session", cookies);
            Assert.Contains("stadtlabor-tab", cookies);
        }
        else
        {
            await page.Locator("#tab-signin[data-state='refused']").WaitForAsync(new() { Timeout = 30_000 });
            Assert.DoesNotContain("stadtlabor-session", (await page.Context.CookiesAsync()).Select(c => c.Name));
        }
        Assert.Equal(msalFetched, Volatile.Read(ref msalRequests));
        await page.Context.CloseAsync();
    }

    private static RouteFulfillOptions Script(string body) => new() { Status = 200, ContentType = "text/javascript", Body = body };

    private static string Js(object? value) => JsonSerializer.Serialize(value);

    /// <summary>TeamsJS as the host answers it: initialised, NAA recommended or not, getAuthToken with a token or refusing.</summary>
    private string FakeTeamsJs(Host host)
    {
        var hostToken = host is Host.NaaUnavailable or Host.Classic or Host.NaaPopupClosed ? bot.EntraId.TabToken(Tina) : null;
        return $$"""
            window.microsoftTeams = {
              app: { initialize: () => Promise.resolve() },
              nestedAppAuth: { isNAAChannelRecommended: () => {{Js(host != Host.Classic)}} },
              authentication: {
                getAuthToken: () => {{Js(hostToken)}} ? Promise.resolve({{Js(hostToken)}}) : Promise.reject(new Error('resourceDisabled')),
              },
            };
            """;
    }

    /// <summary>
    /// MSAL.js's nestable client as the host's bridge answers it. It hands out the token only for this app's client id,
    /// the tenant's authority and the access_as_user scope of the Application ID URI: anything else fails, as Entra would.
    /// </summary>
    private string FakeMsal(Host host)
    {
        var token = bot.EntraId.TabToken(Tina, audience: ApiAudience);
        var authority = bot.EntraId.Instance.TrimEnd('/') + "/" + bot.EntraId.TenantId;
        return $$"""
            (function () {
              class InteractionRequiredAuthError extends Error {
                constructor(code) { super(code); this.errorCode = code; }
              }
              const mode = {{Js(host.ToString())}};
              const fits = request => request && request.scopes && request.scopes.length === 1 && request.scopes[0] === {{Js(ApiAudience + "/access_as_user")}};
              const answer = request => fits(request) ? Promise.resolve({ accessToken: {{Js(token)}} }) : Promise.reject(new Error('invalid_scope'));
              window.msal = {
                InteractionRequiredAuthError,
                createNestablePublicClientApplication: config => {
                  if (config.auth.clientId !== {{Js(BotFixture.AppId)}} || config.auth.authority !== {{Js(authority)}})
                    return Promise.reject(new Error('invalid_client'));
                  return Promise.resolve({
                    acquireTokenSilent: request => mode === 'NaaSilent' ? answer(request)
                      : mode === 'NaaUnavailable' ? Promise.reject(new Error('nested_app_auth_bridge_disabled'))
                      : Promise.reject(new InteractionRequiredAuthError('consent_required')),
                    acquireTokenPopup: request => mode === 'NaaPopup' ? answer(request) : Promise.reject(new Error('user_cancelled')),
                  });
                },
              };
            })();
            """;
    }
}
