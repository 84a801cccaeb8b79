namespace StadtLabor.Bot.Pages;

/// <summary>
/// Configuration section "Pages": the intranet pages and the Teams tabs. Sign-in is Entra ID (OpenID Connect, single
/// tenant: Bot:TenantId) when <see cref="SignIn"/> names a client; without it nobody can sign in and every page
/// answers "Bitte anmelden" (deny by default). Validated at start-up.
/// </summary>
public sealed class PagesOptions
{
    public const string Section = "Pages";

    public SignInOptions SignIn { get; set; } = new();

    /// <summary>Idle minutes until the session cookie expires; each request within the window renews it (sliding).</summary>
    public int SessionMinutes { get; set; } = 60;

    /// <summary>
    /// False only for tests and development on http://127.0.0.1: the session cookie is then not marked Secure.
    /// Production runs behind HTTPS, where the cookie must be Secure (and SameSite=None for the Teams tab frame).
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>
    /// Development only, this machine only (like anonymous mode): /anmelden/entwicklung signs this Entra object id in
    /// without Entra, so ./run.sh opens the pages as the Playground's user. Refused at start outside Development and
    /// when the app listens beyond loopback; a request through a proxy or tunnel gets 404.
    /// </summary>
    public string? DevelopmentSignInObjectId { get; set; }

    /// <summary>
    /// With <see cref="DevelopmentSignInObjectId"/>: the UPN that sign-in carries, so roles given by UPN apply (the
    /// Playground's object ids are not GUIDs, so ./run.sh gives its user the roles by UPN).
    /// </summary>
    public string? DevelopmentSignInUpn { get; set; }

    /// <summary>Hosts that may frame the pages as Teams tabs (CSP frame-ancestors). The default covers Teams, Outlook and Microsoft 365.</summary>
    public List<string> FrameAncestors { get; set; } = [];

    public IReadOnlyList<string> EffectiveFrameAncestors => FrameAncestors.Count > 0 ? FrameAncestors :
    [
        "https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.teams.microsoft.us", "https://teams.cloud.microsoft",
        "https://*.cloud.microsoft", "https://*.office.com", "https://*.microsoft365.com", "https://outlook.office.com", "https://outlook.office365.com",
    ];
}

public sealed class SignInOptions
{
    /// <summary>Entra's login host; the tests point it at their local issuer. The authority is Instance/TenantId/v2.0.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com";

    /// <summary>The app registration's client id; empty means Bot:AppId (one registration for bot, pages and tab SSO).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>From the environment or a vault, never the repository; empty means Bot:Credential:ClientSecret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Off until configured: pages then answer 403 to everyone (no sign-in possible).</summary>
    public bool Enabled { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public string Authority(string tenantId) => Instance.TrimEnd('/') + "/" + tenantId + "/v2.0";
}
