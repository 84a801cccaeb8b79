using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Downloads;

/// <summary>What a signed link may be used for. A link made for one purpose is refused by every other endpoint.</summary>
public enum LinkPurpose
{
    Calendar = 1,
    Export = 2,

    /// <summary>A person's own data ("meine daten"): the subject is their object id, the target the page language.</summary>
    MyData = 3,

    // Lending's records (issue 11) numbered apart, so another purpose added in parallel cannot take the same value.
    /// <summary>The lab team's lending calendar subscription: target 0 for all items or an item id, subject "tenant/object id" of the member.</summary>
    LendingFeed = 11,

    /// <summary>The lab team's lending history (CSV/XLSX): subject "tenant/object id" of the member.</summary>
    LendingHistory = 12,

    // Ideas (issue 12) numbered apart as well.
    /// <summary>The innovation department's export of all ideas (CSV/XLSX): subject "tenant/object id" of the person.</summary>
    IdeasExport = 21,

    // Surveys (issue 13) numbered apart as well: one purpose per export kind, so a link made for the CSV cannot be
    // turned into the other kind by editing its path. Subject "tenant/object id" of the person, target the survey.
    /// <summary>A survey's aggregated results as CSV.</summary>
    SurveyResultsCsv = 31,

    /// <summary>A survey's aggregated results as XLSX.</summary>
    SurveyResultsXlsx = 32,

    /// <summary>The research partner's raw answers as CSV.</summary>
    SurveyRawCsv = 33,

    /// <summary>The research partner's raw answers as XLSX.</summary>
    SurveyRawXlsx = 34,

    /// <summary>A survey result chart (PNG): target packs question, breakdown slot and language (ChartLinks), subject "tenant/object id".</summary>
    SurveyChart = 35,
}

/// <summary>What a link grants: a purpose, a target (e.g. a session), a subject (a registration or a person), until when.</summary>
public sealed record LinkGrant(LinkPurpose Purpose, long TargetId, string Subject, DateTime ExpiresAtUtc);

/// <summary>
/// Signed, expiring links: the link itself is the permission, for downloads that a Teams client opens in the browser
/// without any sign-in (an .ics file, an export). The token is the grant in base64url followed by its
/// HMAC-SHA256 (43 characters), so it is one URL path segment without separators; it cannot be guessed or altered.
/// </summary>
public sealed class DownloadLinks(LinkKey key, IOptions<LinkOptions> options, TimeProvider time)
{
    private const int MacChars = 43;
    private const string Version = "1";

    /// <summary>Null while the key is not loaded yet (start-up loads it before the first request).</summary>
    public string? Token(LinkGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (key.Current is not { } secret) return null;
        if (grant.Subject.Contains('|', StringComparison.Ordinal)) throw new ArgumentException("The subject must not contain '|'.", nameof(grant));
        var expires = new DateTimeOffset(DateTime.SpecifyKind(grant.ExpiresAtUtc, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, (int)grant.Purpose, grant.TargetId, grant.Subject, expires));
        return WebEncoders.Base64UrlEncode(payload) + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(secret, payload));
    }

    /// <summary>The absolute URL for a path such as "calendar/{token}.ics"; null while the key is not loaded.</summary>
    public string? Url(LinkGrant grant, string pathFormat)
    {
        var token = Token(grant);
        return token is null ? null : new Uri(options.Value.BaseUri, string.Format(CultureInfo.InvariantCulture, pathFormat, token)).AbsoluteUri;
    }

    /// <summary>The grant of a genuine, unexpired token for this purpose; null for anything else.</summary>
    public LinkGrant? Read(string? token, LinkPurpose purpose)
    {
        if (key.Current is not { } secret || token is null || token.Length <= MacChars || token.Length > 600) return null;
        byte[] payload, mac;
        try
        {
            payload = WebEncoders.Base64UrlDecode(token[..^MacChars]);
            mac = WebEncoders.Base64UrlDecode(token[^MacChars..]);
        }
        catch (FormatException)
        {
            return null;
        }
        // Only the one canonical spelling: otherwise unused low bits of the last character would let a changed link pass.
        if (!string.Equals(WebEncoders.Base64UrlEncode(payload) + WebEncoders.Base64UrlEncode(mac), token, StringComparison.Ordinal)) return null;
        // Constant time, so the time to refuse does not tell how much of a forged signature was right.
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(secret, payload))) return null;

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 5 || parts[0] != Version
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p != (int)purpose
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var target)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return null;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (time.GetUtcNow() >= expiresAt) return null;
        return new LinkGrant(purpose, target, parts[3], expiresAt.UtcDateTime);
    }
}
