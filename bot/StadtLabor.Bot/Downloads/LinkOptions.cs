using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// "Links:Key" (base64, at least 32 bytes; optional: without it the bot makes a key once and keeps it in the database)
/// and "Bot:PublicBaseUrl", the address under which Teams users reach the bot's pages and downloads.
/// </summary>
public sealed class LinkOptions
{
    public const string DefaultBaseUrl = "http://127.0.0.1:3978";

    public string? Key { get; set; }

    /// <summary>Null when not configured: allowed only in Development, where the local address is right.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The base URL with a trailing slash, so relative paths are appended, not substituted.</summary>
    public Uri BaseUri
    {
        get
        {
            var url = PublicBaseUrl ?? DefaultBaseUrl;
            return new(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
        }
    }

    internal static void Bind(LinkOptions o, IConfiguration configuration)
    {
        o.Key = configuration["Links:Key"];
        if (configuration["Bot:PublicBaseUrl"] is { Length: > 0 } url) o.PublicBaseUrl = url;
    }
}

internal sealed class LinkOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<LinkOptions>
{
    public const int MinKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, LinkOptions o)
    {
        var errors = new List<string>();
        if (o.Key is not null && (KeyBytes(o.Key) is not { } key || key.Length < MinKeyBytes))
            errors.Add($"Links:Key is not base64 of at least {MinKeyBytes} bytes: create one with `openssl rand -base64 32` (environment variable Links__Key), or remove it and the bot keeps its own key in the database.");
        if (o.PublicBaseUrl is null)
        {
            // A link to 127.0.0.1 on a card opens nothing on a colleague's PC: outside Development the address must be given.
            if (environment is not null && !environment.IsDevelopment())
                errors.Add("Bot:PublicBaseUrl is not set: set it to the https address Teams users reach the bot under, e.g. https://stadtlabor-bot.soest.de (Bot__PublicBaseUrl); calendar and export links on cards start with it.");
        }
        else if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Add($"Bot:PublicBaseUrl '{o.PublicBaseUrl}' is not an absolute http(s) URL without query: set it to the address Teams users reach the bot under, e.g. https://stadtlabor-bot.soest.de (Bot__PublicBaseUrl).");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && environment is not null && !environment.IsDevelopment())
        {
            // Download links are bearer links (the link is the permission): over plain http anyone on the way could
            // copy a participant export link and use it within its 15 minutes.
            errors.Add($"Bot:PublicBaseUrl '{o.PublicBaseUrl}' must use https outside Development: download links on cards carry their own permission and must not travel in clear text. Set Bot__PublicBaseUrl to the https address, e.g. https://stadtlabor-bot.soest.de.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static byte[]? KeyBytes(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
