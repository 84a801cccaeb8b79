using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StadtLabor.Bot.Pages;

namespace StadtLabor.Bot.Tests.Pages;

/// <summary>
/// The page session as PagesSetup configures it, driven through ASP.NET Core's cookie handler on a fake clock: it ends
/// after Pages:SessionMinutes without a request, each request in the second half of the window renews it (sliding),
/// and sign-out deletes it at once.
/// </summary>
public sealed class SessionCookieTests
{
    private const int Minutes = 45;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Session_UnusedLongerThanSessionMinutes_Ends()
    {
        using var services = Services();
        var cookie = await SignInAsync(services);

        _clock.Advance(TimeSpan.FromMinutes(Minutes - 1));
        Assert.True((await AuthenticateAsync(services, cookie)).Succeeded);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await AuthenticateAsync(services, cookie)).Succeeded);
    }

    [Fact]
    public async Task Session_UsedInTheSecondHalf_RenewedForAnotherSessionMinutes()
    {
        using var services = Services();
        var first = await SignInAsync(services);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var (result, renewed) = await RequestAsync(services, first);
        Assert.True(result.Succeeded);
        Assert.NotNull(renewed);

        // 70 minutes after sign-in, 40 after the last request: the renewed cookie still counts, the first one not.
        _clock.Advance(TimeSpan.FromMinutes(40));
        Assert.True((await AuthenticateAsync(services, renewed!)).Succeeded);
        Assert.False((await AuthenticateAsync(services, first)).Succeeded);
    }

    [Fact]
    public async Task SignOut_DeletesTheSessionCookie()
    {
        using var services = Services();
        var cookie = await SignInAsync(services);
        using var scope = services.CreateScope();
        var http = Context(scope.ServiceProvider, cookie, new StartingResponse());

        await http.SignOutAsync(PagesSetup.CookieScheme);

        var deleted = http.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("stadtlabor-session=;", deleted, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", deleted, StringComparison.Ordinal);
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pages:SessionMinutes"] = Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pages:RequireHttps"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<StadtLabor.Bot.Connector.BotOptions>();
        services.AddLabPages(configuration, new TabCookiesTests.TestEnvironment());
        services.PostConfigure<CookieAuthenticationOptions>(PagesSetup.CookieScheme, o => o.TimeProvider = _clock);
        return services.BuildServiceProvider();
    }

    private static async Task<string> SignInAsync(ServiceProvider services)
    {
        var response = new StartingResponse();
        using var scope = services.CreateScope();
        var http = Context(scope.ServiceProvider, null, response);
        await http.SignInAsync(PagesSetup.CookieScheme, SessionPrincipal.Create("0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61", "tid", "Muster, Mia"));
        await response.StartAsync();
        return SessionCookie(http) ?? throw new InvalidOperationException("no session cookie after sign-in");
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(ServiceProvider services, string cookie) => (await RequestAsync(services, cookie)).Result;

    /// <summary>One request with the cookie: whether it authenticates, and the renewed cookie if the handler wrote one.</summary>
    private static async Task<(AuthenticateResult Result, string? Renewed)> RequestAsync(ServiceProvider services, string cookie)
    {
        var response = new StartingResponse();
        using var scope = services.CreateScope();
        var http = Context(scope.ServiceProvider, cookie, response);
        var result = await http.AuthenticateAsync(PagesSetup.CookieScheme);
        await response.StartAsync();
        return (result, SessionCookie(http));
    }

    /// <summary>A request in its own scope, as in the app: the authentication handlers are per request.</summary>
    private static DefaultHttpContext Context(IServiceProvider services, string? cookie, StartingResponse response)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature());
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        var http = new DefaultHttpContext(features) { RequestServices = services };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1");
        http.Request.Path = "/meine";
        if (cookie is not null) http.Request.Headers.Cookie = "stadtlabor-session=" + cookie;
        return http;
    }

    private static string? SessionCookie(HttpContext http) =>
        http.Response.Headers.SetCookie.Select(h => h!.Split(';')[0]).Where(c => c.StartsWith("stadtlabor-session=", StringComparison.Ordinal))
            .Select(c => c["stadtlabor-session=".Length..]).FirstOrDefault(v => v.Length > 0);

    /// <summary>A response that runs its OnStarting callbacks when told: the cookie handler writes a renewed cookie there.</summary>
    private sealed class StartingResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = _starting.Count - 1; i >= 0; i--) await _starting[i].Callback(_starting[i].State);
            _starting.Clear();
        }
    }
}
