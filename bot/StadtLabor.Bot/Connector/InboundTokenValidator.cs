using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace StadtLabor.Bot.Connector;

/// <summary>Outcome of the inbound checks. Reason is for our logs only, never for the HTTP body.</summary>
public sealed record InboundAuthResult(bool Ok, int Status, string Reason)
{
    public static readonly InboundAuthResult Accepted = new(true, 200, "ok");
    public static InboundAuthResult Unauthorized(string reason) => new(false, 401, reason);
    public static InboundAuthResult Forbidden(string reason) => new(false, 403, reason);
    public static InboundAuthResult BadRequest(string reason) => new(false, 400, reason);
}

/// <summary>
/// Checks a request from the Bot Connector: the seven token rules of TEAMS-PROTOCOL.md plus our tenant and
/// serviceUrl allow-lists. Signing keys come from the OpenID metadata and are cached by the ConfigurationManager.
/// </summary>
public sealed class InboundTokenValidator
{
    private static readonly string[] Algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public InboundTokenValidator(IOptions<BotOptions> options, IHttpClientFactory httpClients)
    {
        _options = options.Value;
        var retriever = new HttpDocumentRetriever(httpClients.CreateClient("openid-metadata"))
        {
            RequireHttps = _options.RequireHttpsMetadata,
        };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            // Unknown kid: we ask for a refresh, but never more often than this (protects the metadata endpoint).
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<InboundAuthResult> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authorizationHeader)) return InboundAuthResult.Unauthorized("missing Authorization header");
        const string scheme = "Bearer ";
        if (!authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return InboundAuthResult.Unauthorized("not a Bearer token");
        var token = authorizationHeader[scheme.Length..].Trim();

        var result = await ValidateSignatureAndClaimsAsync(token, ct);
        if (result is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException })
        {
            // Microsoft rolls keys; an unknown kid means "look again", once.
            _metadata.RequestRefresh();
            result = await ValidateSignatureAndClaimsAsync(token, ct);
        }
        if (!result.IsValid) return InboundAuthResult.Unauthorized($"token rejected: {result.Exception?.GetType().Name}");

        // Before the endorsements: a key Microsoft endorsed for another channel (webchat, directline) must not get in
        // by claiming that channel in the body.
        if (!SecurityChecks.IsAllowedChannel(activity.ChannelId, _options.EffectiveChannels))
            return InboundAuthResult.Forbidden("channel not served");

        var jwt = (JsonWebToken)result.SecurityToken;
        var config = await _metadata.GetConfigurationAsync(ct);
        var endorsements = EndorsementsOf(config, jwt.Kid);
        if (!SecurityChecks.IsEndorsed(endorsements, activity.ChannelId))
            return InboundAuthResult.Forbidden("signing key not endorsed for channel");

        jwt.TryGetClaim("serviceurl", out var serviceUrlClaim);
        if (!SecurityChecks.ServiceUrlClaimMatches(serviceUrlClaim?.Value, activity.ServiceUrl))
            return InboundAuthResult.Forbidden("serviceurl claim does not match activity");

        return CheckActivity(activity, _options);
    }

    /// <summary>Rules that hold for every accepted activity, also in the development-only anonymous mode.</summary>
    public static InboundAuthResult CheckActivity(Activity activity, BotOptions options)
    {
        if (!SecurityChecks.IsAllowedChannel(activity.ChannelId, options.EffectiveChannels))
            return InboundAuthResult.Forbidden("channel not served");
        if (ActivityShape.Problem(activity) is { } problem) return InboundAuthResult.BadRequest(problem);
        var tenant = TenantReading.Of(activity);
        if (tenant.Kind == TenantReadingKind.Malformed) return InboundAuthResult.BadRequest("tenant field of the wrong JSON type");
        if (tenant.Kind == TenantReadingKind.Conflicting) return InboundAuthResult.Forbidden("channelData and conversation name different tenants");
        if (!SecurityChecks.IsAllowedTenant(tenant.TenantId, options.AllowedTenants))
            return InboundAuthResult.Forbidden("tenant not allowed");
        if (!SecurityChecks.IsAllowedServiceUrl(activity.ServiceUrl, options.EffectiveServiceUrlHosts.ToList()))
            return InboundAuthResult.Forbidden("serviceUrl host not allowed");
        return InboundAuthResult.Accepted;
    }

    private async Task<TokenValidationResult> ValidateSignatureAndClaimsAsync(string token, CancellationToken ct)
    {
        OpenIdConnectConfiguration config;
        try
        {
            config = await _metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            // Metadata unreachable: we cannot check the signature, so nobody gets in.
            return new TokenValidationResult { IsValid = false, Exception = ex };
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.TokenIssuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = Algorithms,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            TryAllIssuerSigningKeys = false,
        };
        return await _handler.ValidateTokenAsync(token, parameters);
    }

    // Bot Framework publishes, per key, the channels it may sign for in a non-standard "endorsements" array.
    private static List<string> EndorsementsOf(OpenIdConnectConfiguration config, string kid)
    {
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var raw)) return [];
        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            IEnumerable<object> items => items.Select(i => i?.ToString() ?? "").ToList(),
            _ => [],
        };
    }
}
