using System.Security.Claims;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// What a page session keeps of a validated token (Entra's ID token or the Teams tab's access token): object id,
/// tenant, display name, and the UPN when roles are given by UPN (Roles:X:n = name@domain), so that those roles apply
/// on the pages as they do in the chat. Nothing else of the token reaches the cookie.
/// </summary>
public static class SessionPrincipal
{
    /// <summary>Entra's UPN claim (v1 tokens, and v2 tokens with the optional claim "upn"); EndpointRoles reads it.</summary>
    public const string UpnClaim = "upn";

    private const string PreferredUsernameClaim = "preferred_username";

    /// <summary>
    /// The session's principal from a validated token, or null when the tenant is not allowed or the token names
    /// nobody. <paramref name="keepUpn"/>: only when a role is given by UPN; otherwise the session has no use for it.
    /// </summary>
    public static ClaimsPrincipal? From(ClaimsPrincipal token, IEnumerable<string> allowedTenants, bool keepUpn)
    {
        ArgumentNullException.ThrowIfNull(token);
        var oid = token.FindFirst(PagesSetup.ObjectIdClaim)?.Value ?? token.FindFirst("http://schemas.microsoft.com/identity/claims/objectidentifier")?.Value;
        var tid = token.FindFirst(PagesSetup.TenantIdClaim)?.Value ?? token.FindFirst("http://schemas.microsoft.com/identity/claims/tenantid")?.Value;
        if (string.IsNullOrWhiteSpace(oid) || string.IsNullOrWhiteSpace(tid) || !allowedTenants.Contains(tid, StringComparer.OrdinalIgnoreCase)) return null;
        return Create(oid, tid, token.FindFirst(PagesSetup.NameClaim)?.Value, keepUpn ? Upn(token) : null);
    }

    public static ClaimsPrincipal Create(string objectId, string tenantId, string? name, string? upn = null)
    {
        var claims = new List<Claim> { new(PagesSetup.ObjectIdClaim, objectId), new(PagesSetup.TenantIdClaim, tenantId) };
        if (!string.IsNullOrWhiteSpace(name)) claims.Add(new Claim(PagesSetup.NameClaim, name));
        if (!string.IsNullOrWhiteSpace(upn)) claims.Add(new Claim(UpnClaim, upn.Trim()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, PagesSetup.CookieScheme, PagesSetup.NameClaim, "role"));
    }

    /// <summary>
    /// The UPN as the bot knows it from the connector's member lookup (userPrincipalName). The upn claim first; else
    /// preferred_username, which Entra fills with the UPN for the tenant's own accounts. A guest's preferred_username
    /// (and, without include_externally_authenticated_upn, its upn) is the address at home, in another directory or
    /// a Microsoft account, which the bot never sees: for a guest (idp differs from iss) only the guest UPN of this
    /// tenant (name_home#EXT#@tenant) counts, as in the chat.
    /// </summary>
    public static string? Upn(ClaimsPrincipal token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var upn = Value(token, UpnClaim) ?? Value(token, ClaimTypes.Upn);
        var idp = Value(token, "idp");
        if (idp is not null && !string.Equals(idp, Value(token, "iss"), StringComparison.OrdinalIgnoreCase))
            return upn is not null && upn.Contains("#EXT#@", StringComparison.OrdinalIgnoreCase) ? upn : null;
        var value = upn ?? Value(token, PreferredUsernameClaim);
        // preferred_username may be a phone number or a bare name; only name@domain can match a role entry.
        return value is not null && value.IndexOf('@', StringComparison.Ordinal) > 0 ? value : null;
    }

    private static string? Value(ClaimsPrincipal token, string type) =>
        token.FindFirst(type)?.Value is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
