using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// The headers every page, download and image gets. A strict Content-Security-Policy: scripts, styles, images and
/// fetches only from this host (no inline script or style: page code lives in wwwroot/js), forms only to this host
/// and Entra (sign-out and sign-in redirect there), and framing only by Teams and the Microsoft 365 hosts (tabs).
/// Pages show personal data, so nothing is cached.
/// </summary>
public static class SecurityHeaders
{
    public static Task WriteAsync(HttpContext http, RequestDelegate next)
    {
        var pages = http.RequestServices.GetRequiredService<IOptions<PagesOptions>>().Value;
        var bot = http.RequestServices.GetRequiredService<IOptions<BotOptions>>().Value;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // An endpoint that set a stricter policy of its own (the "meine daten" download: default-src 'none') keeps it.
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = Policy(pages, bot);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin-allow-popups";
            if (!headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }

    public static string Policy(PagesOptions pages, BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(bot);
        var signIn = new Uri(pages.SignIn.Authority(string.IsNullOrEmpty(bot.TenantId) ? "common" : bot.TenantId)).GetLeftPart(UriPartial.Authority);
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action 'self' {signIn}",
            "frame-ancestors 'self' " + string.Join(' ', pages.EffectiveFrameAncestors));
    }
}
