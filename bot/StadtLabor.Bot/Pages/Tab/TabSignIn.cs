using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages.Tab;

/// <summary>
/// POST /tab/anmelden: the tab shell (/tab, wwwroot/js/tab.js) sends the token Teams gave it as
/// <c>Authorization: Bearer</c>; a valid one starts the same cookie session as the browser sign-in. A refused token
/// gets 401 with a short reason code as JSON and no cookie. A bearer header (not a form) also means a page elsewhere
/// cannot make a browser post here on its own: a cross-site request with that header needs a CORS permission we never give.
/// </summary>
public static partial class TabSignIn
{
    /// <summary>Set at tab sign-in; the layout then hides the site's brand and footer (Teams shows the app's own).</summary>
    public const string TabCookie = "stadtlabor-tab";

    /// <summary>Chrome's rule for cookies in a third-party frame (CHIPS): kept per top-level site, here Teams.</summary>
    public const string Partitioned = "Partitioned";

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // One validator for the app (it holds Entra's signing keys between requests), made at the first sign-in: the
        // options are read only once the app runs, after their validation at start.
        var services = app.Services;
        var validator = new Lazy<TabTokenValidator>(() => new TabTokenValidator(
            TabTokenOptions.From(services.GetRequiredService<IOptions<PagesOptions>>().Value, services.GetRequiredService<IOptions<BotOptions>>().Value,
                services.GetRequiredService<IOptions<Downloads.LinkOptions>>().Value.PublicBaseUrl,
                services.GetRequiredService<Roles.RoleAssignments>().HasUpnAssignments),
            services.GetRequiredService<IHttpClientFactory>().CreateClient("openid-metadata")));
        app.MapPost("/tab/anmelden", (HttpContext http, string? ziel, IOptions<PagesOptions> pages, ILoggerFactory logs) =>
                SignInAsync(http, ziel, validator.Value, pages.Value, logs))
            .AllowWithoutLabRole("starts the session from the Teams tab's SSO token; nobody is signed in yet");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, string? ziel, TabTokenValidator validator, PagesOptions pages, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(TabSignIn).FullName!);
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var result = await validator.ValidateAsync(token, http.RequestAborted);
        if (result.Principal is null)
        {
            LogRefused(log, result.Refusal!);
            return Results.Json(new { reason = result.Refusal }, statusCode: StatusCodes.Status401Unauthorized);
        }
        await http.SignInAsync(PagesSetup.CookieScheme, result.Principal);
        http.Response.Cookies.Append(TabCookie, "1", FrameCookie(pages, http.Request.IsHttps));
        LogSignedIn(log);
        return Results.Json(new { ziel = SignInEndpoints.SafeTarget(ziel) });
    }

    /// <summary>
    /// Cookies that must reach the pages inside the Teams frame (session, anti-forgery, the one-time notice): Teams is
    /// another site, so only SameSite=None (which needs Secure) is sent there, and Chrome keeps such a cookie only when
    /// it is Partitioned. Without HTTPS (tests and development on loopback) Lax is what a browser accepts.
    /// </summary>
    public static void AllowInTeamsFrame(CookieBuilder cookie, PagesOptions pages)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        ArgumentNullException.ThrowIfNull(pages);
        if (!pages.RequireHttps) return;
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.SameSite = SameSiteMode.None;
        if (!cookie.Extensions.Contains(Partitioned)) cookie.Extensions.Add(Partitioned);
    }

    private static CookieOptions FrameCookie(PagesOptions pages, bool https)
    {
        var options = new CookieOptions { HttpOnly = true, IsEssential = true, Path = "/", Secure = pages.RequireHttps || https, SameSite = SameSiteMode.Lax };
        if (!pages.RequireHttps) return options;
        options.SameSite = SameSiteMode.None;
        options.Extensions.Add(Partitioned);
        return options;
    }

    /// <summary>One line in PagesSetup.AddLabPages: the session, anti-forgery and notice cookies work inside the Teams frame.</summary>
    public static void AddTabCookies(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(PagesSetup.CookieScheme)
            .PostConfigure<IOptions<PagesOptions>>((o, pages) => AllowInTeamsFrame(o.Cookie, pages.Value));
        services.AddOptions<AntiforgeryOptions>().PostConfigure<IOptions<PagesOptions>>((o, pages) => AllowInTeamsFrame(o.Cookie, pages.Value));
        services.AddOptions<CookieTempDataProviderOptions>().PostConfigure<IOptions<PagesOptions>>((o, pages) => AllowInTeamsFrame(o.Cookie, pages.Value));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tab sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tab sign-in: session started")]
    private static partial void LogSignedIn(ILogger logger);
}
