using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Pages.Tab;

/// <summary>
/// What a Teams tab token must match: the city's own tenant (single tenant), the v2.0 issuer of Entra for it, and our
/// app as audience, either by client id (v2 tokens) or by the Application ID URI api://host/clientId (as set in
/// "Expose an API" and the manifest's webApplicationInfo). Null fields mean "not configured": every token is refused.
/// KeepUpn: roles are given by UPN, so the session keeps the token's UPN (SessionPrincipal).
/// </summary>
public sealed record TabTokenOptions(string Instance, string? TenantId, IReadOnlyList<string> AllowedTenants, string? ClientId, string? ApiAudience,
    bool RequireHttpsMetadata, bool KeepUpn = false)
{
    public const string Scope = "access_as_user";

    public string Issuer => Instance.TrimEnd('/') + "/" + TenantId + "/v2.0";

    public string MetadataAddress => Issuer + "/.well-known/openid-configuration";

    /// <summary>Both audiences a tab token may carry. Without a public address only the client id.</summary>
    public IReadOnlyList<string> Audiences => ApiAudience is null ? [ClientId!] : [ClientId!, ApiAudience];

    public bool Configured => Guid.TryParse(TenantId, out _) && Guid.TryParse(ClientId, out _)
        && AllowedTenants.Contains(TenantId!, StringComparer.OrdinalIgnoreCase) && Uri.TryCreate(Instance, UriKind.Absolute, out _);

    /// <summary>
    /// What the tab asks MSAL.js for under nested app authentication: our own API's scope by its Application ID URI
    /// (Entra then issues a token for this app, as getAuthToken does). Null without a public address or without a
    /// configuration the server would accept anyway: the tab then uses getAuthToken alone.
    /// </summary>
    public string? NestedAppScope => Configured && ApiAudience is not null ? ApiAudience + "/" + Scope : null;

    /// <summary>MSAL.js's authority for nested app authentication: the city's tenant (single tenant), without "/v2.0".</summary>
    public string NestedAppAuthority => Instance.TrimEnd('/') + "/" + TenantId;

    /// <summary>From the running app's options (read once they were validated at start).</summary>
    public static TabTokenOptions From(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return From(services.GetRequiredService<IOptions<PagesOptions>>().Value, services.GetRequiredService<IOptions<BotOptions>>().Value,
            services.GetRequiredService<IOptions<Downloads.LinkOptions>>().Value.PublicBaseUrl,
            services.GetRequiredService<Roles.RoleAssignments>().HasUpnAssignments);
    }

    public static TabTokenOptions From(PagesOptions pages, BotOptions bot, string? publicBaseUrl, bool keepUpn = false)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(bot);
        var clientId = string.IsNullOrWhiteSpace(pages.SignIn.ClientId) ? bot.AppId : pages.SignIn.ClientId;
        var host = Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var url) ? url.Host : null;
        return new TabTokenOptions(pages.SignIn.Instance, string.IsNullOrWhiteSpace(bot.TenantId) ? null : bot.TenantId, bot.AllowedTenants,
            string.IsNullOrWhiteSpace(clientId) ? null : clientId, host is null ? null : $"api://{host}/{clientId}", pages.SignIn.RequireHttpsMetadata, keepUpn);
    }
}

/// <summary>A checked tab token: the session's principal, or the short reason it was refused (for the JSON answer and the log).</summary>
public sealed record TabTokenResult(ClaimsPrincipal? Principal, string? Refusal)
{
    public static TabTokenResult Refused(string reason) => new(null, reason);
}

/// <summary>
/// Checks the token a Teams tab got from getAuthToken (or nested app authentication): signed by a key from the
/// tenant's OpenID metadata (cached; looked up again once for an unknown key id), issuer exactly Instance/tid/v2.0,
/// audience our app, within its lifetime (5 minutes skew), scope access_as_user, and an object id. Nothing of the
/// token is kept but object id, tenant, name and, for UPN roles, the UPN (SessionPrincipal).
/// </summary>
public sealed class TabTokenValidator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly TabTokenOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public TabTokenValidator(TabTokenOptions options, HttpClient http)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!options.Configured) return;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(options.MetadataAddress, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata })
        {
            // Entra rolls its keys: an unknown key id asks for the metadata again, but never more often than this.
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<TabTokenResult> ValidateAsync(string? token, CancellationToken ct)
    {
        if (_metadata is null) return TabTokenResult.Refused("not_configured");
        if (string.IsNullOrWhiteSpace(token)) return TabTokenResult.Refused("missing");
        if (!_handler.CanReadToken(token)) return TabTokenResult.Refused("malformed");

        var result = await CheckAsync(token, ct);
        if (result is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException })
        {
            _metadata.RequestRefresh();
            result = await CheckAsync(token, ct);
        }
        if (!result.IsValid) return TabTokenResult.Refused(Reason(result.Exception, token));

        var jwt = (JsonWebToken)result.SecurityToken;
        // Belt and braces: the issuer names the tenant already, but the session is keyed by the tid claim.
        if (!jwt.TryGetPayloadValue<string>("tid", out var tid) || !string.Equals(tid, _options.TenantId, StringComparison.OrdinalIgnoreCase))
            return TabTokenResult.Refused("tenant");
        if (!jwt.TryGetPayloadValue<string>("scp", out var scopes)
            || !scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(TabTokenOptions.Scope, StringComparer.Ordinal))
            return TabTokenResult.Refused("scope");
        var principal = SessionPrincipal.From(new ClaimsPrincipal(result.ClaimsIdentity), _options.AllowedTenants, _options.KeepUpn);
        return principal is null ? TabTokenResult.Refused("no_object_id") : new TabTokenResult(principal, null);
    }

    private async Task<TokenValidationResult> CheckAsync(string token, CancellationToken ct)
    {
        OpenIdConnectConfiguration config;
        try
        {
            config = await _metadata!.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            // Entra's metadata unreachable: no key to check against, so nobody gets in.
            return new TokenValidationResult { IsValid = false, Exception = ex };
        }
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudiences = _options.Audiences,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = Algorithms,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            TryAllIssuerSigningKeys = false,
        });
    }

    /// <summary>A short code for the answer and the log; never the token or a claim's value.</summary>
    private string Reason(Exception? error, string token) => error switch
    {
        SecurityTokenInvalidIssuerException when OtherTenant(token) => "tenant",
        SecurityTokenInvalidIssuerException => "issuer",
        SecurityTokenInvalidAudienceException => "audience",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException or SecurityTokenNoExpirationException or SecurityTokenInvalidLifetimeException => "lifetime",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => "signature",
        InvalidOperationException => "metadata_unavailable",
        _ => "invalid",
    };

    // Only to tell "another organisation's account" from "a wrong issuer" in the reason; the token was refused already.
    private bool OtherTenant(string token) =>
        new JsonWebToken(token).TryGetPayloadValue<string>("tid", out var tid) && !string.Equals(tid, _options.TenantId, StringComparison.OrdinalIgnoreCase);
}
