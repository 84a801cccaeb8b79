namespace StadtLabor.Bot.Connector;

/// <summary>
/// The yes/no decisions of inbound and outbound security, kept pure so each rule is tested on its own.
/// </summary>
internal static class SecurityChecks
{
    /// <summary>The signing key must be endorsed for the channel the activity claims to come from.</summary>
    public static bool IsEndorsed(IEnumerable<string>? endorsements, string? channelId) =>
        !string.IsNullOrEmpty(channelId) && endorsements is not null &&
        endorsements.Any(e => string.Equals(e, channelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The token's serviceurl claim must name the serviceUrl the activity asks us to answer to.</summary>
    public static bool ServiceUrlClaimMatches(string? claim, string? activityServiceUrl) =>
        !string.IsNullOrEmpty(claim) && !string.IsNullOrEmpty(activityServiceUrl) &&
        string.Equals(claim, activityServiceUrl, StringComparison.OrdinalIgnoreCase);

    public static bool IsAllowedTenant(string? tenantId, IReadOnlyCollection<string> allowed) =>
        !string.IsNullOrEmpty(tenantId) && allowed.Any(t => string.Equals(t, tenantId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Exact host (or host:port) match against the allow-list. https always; plain http only for loopback,
    /// which the Agents Playground and the tests use.
    /// </summary>
    public static bool IsAllowedServiceUrl(string? serviceUrl, IReadOnlyCollection<string> allowedHosts)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)) return false;
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) return false;
        var secure = uri.Scheme == Uri.UriSchemeHttps;
        var loopbackHttp = uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri);
        if (!secure && !loopbackHttp) return false;

        var hostAndPort = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        return allowedHosts.Any(allowed =>
            string.Equals(allowed, uri.IdnHost, StringComparison.OrdinalIgnoreCase) && uri.IsDefaultPort ||
            string.Equals(allowed, hostAndPort, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
}
