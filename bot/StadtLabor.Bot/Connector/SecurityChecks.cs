using System.Net;

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

    /// <summary>Only the channels we serve: a key endorsed for another channel must not speak for Teams.</summary>
    public static bool IsAllowedChannel(string? channelId, IReadOnlyCollection<string> channels) =>
        !string.IsNullOrEmpty(channelId) && channels.Any(c => string.Equals(c, channelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The request comes from this machine and was not relayed: the TCP peer is loopback and no proxy header says
    /// otherwise. A dev tunnel or a reverse proxy on the same host connects from loopback too, but adds the headers.
    /// </summary>
    public static bool IsLocalRequest(IPAddress? remote, IEnumerable<string> headerNames)
    {
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote) && !headerNames.Any(IsForwardingHeader);
    }

    private static bool IsForwardingHeader(string name) =>
        string.Equals(name, "Forwarded", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(name, "X-Original-For", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(name, "X-Real-IP", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A server address Kestrel listens on ("http://127.0.0.1:3978", "http://[::]:8080", "http://*:80") reaches only
    /// this machine. Wildcards and host names other than localhost do not parse as loopback, so they count as exposed.
    /// </summary>
    public static bool IsLoopbackBinding(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
