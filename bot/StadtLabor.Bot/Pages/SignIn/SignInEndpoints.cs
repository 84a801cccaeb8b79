using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// Starting and ending a page session: /anmelden sends the browser to Entra (or, in Development, to the sign-in
/// without Entra), /anmelden/entwicklung is that sign-in (from this machine only, like anonymous mode), POST /abmelden ends the session.
/// </summary>
public static partial class SignInEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/anmelden", SignIn).AllowWithoutLabRole("starts the sign-in; nobody is signed in yet");
        app.MapGet("/anmelden/entwicklung", DevelopmentSignInAsync).AllowWithoutLabRole("development-only sign-in without Entra, from this machine only (as anonymous mode), refused at start outside Development or beyond loopback");
        app.MapPost("/abmelden", SignOutAsync).AllowWithoutLabRole("ending a session needs no role; anti-forgery checked");
    }

    /// <summary>Only paths of this site: an absolute or protocol-relative "ziel" would make us an open redirect.</summary>
    public static string SafeTarget(string? target) =>
        target is { Length: > 0 } t && t[0] == '/' && (t.Length == 1 || (t[1] != '/' && t[1] != '\\')) && !t.Contains("://", StringComparison.Ordinal) ? t : "/";

    private static IResult SignIn(HttpContext http, string? ziel, string? login_hint, IOptions<PagesOptions> pages)
    {
        var target = SafeTarget(ziel);
        var o = pages.Value;
        if (o.SignIn.Enabled)
        {
            var properties = new AuthenticationProperties { RedirectUri = target };
            if (!string.IsNullOrWhiteSpace(login_hint)) properties.Items["login_hint"] = login_hint;
            return Results.Challenge(properties, [PagesSetup.EntraScheme]);
        }
        if (DevelopmentSignInAllowed(http, o))
            return Results.Redirect("/anmelden/entwicklung?ziel=" + Uri.EscapeDataString(target));
        // No way to sign in is configured: the status page says so (deny by default).
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> DevelopmentSignInAsync(HttpContext http, string? ziel, IOptions<PagesOptions> pages, IOptions<BotOptions> bot, ILoggerFactory logs)
    {
        if (!DevelopmentSignInAllowed(http, pages.Value)) return Results.NotFound();
        var tenant = string.IsNullOrWhiteSpace(bot.Value.TenantId) ? bot.Value.AllowedTenants.FirstOrDefault() ?? "" : bot.Value.TenantId;
        var principal = SessionPrincipal.Create(pages.Value.DevelopmentSignInObjectId!, tenant, "Entwicklung (lokal)", pages.Value.DevelopmentSignInUpn);
        await http.SignInAsync(PagesSetup.CookieScheme, principal);
        LogDevelopmentSignIn(logs.CreateLogger(typeof(SignInEndpoints).FullName!));
        return Results.Redirect(SafeTarget(ziel));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
        await http.SignOutAsync(PagesSetup.CookieScheme);
        return Results.Redirect("/abgemeldet");
    }

    /// <summary>
    /// The same guard as anonymous mode (MessagesEndpoint): Development, configured, the caller on this machine and not
    /// relayed by a proxy or tunnel (which connect from loopback too, but add forwarding headers), and Kestrel bound to
    /// loopback only (DevelopmentSignInGuard stops the start otherwise; this covers requests before that check).
    /// </summary>
    private static bool DevelopmentSignInAllowed(HttpContext http, PagesOptions pages) =>
        !string.IsNullOrWhiteSpace(pages.DevelopmentSignInObjectId)
        && http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
        && SecurityChecks.IsLocalRequest(http.Connection.RemoteIpAddress, http.Request.Headers.Keys)
        && AnonymousModeGuard.ExposedAddresses(http.RequestServices.GetRequiredService<IServer>()).Count == 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development sign-in without Entra used (loopback)")]
    private static partial void LogDevelopmentSignIn(ILogger logger);
}
