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

    /// <summary>How long a token whose signature and lifetime were checked is believed without checking them again.</summary>
    public static readonly TimeSpan CheckedTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The connector sends one token for about an hour, from a handful of its instances: a few entries in practice.</summary>
    private const int MaxCheckedTokens = 1_000;

    private readonly BotOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TimeProvider _time;

    // The RSA signature check was most of a turn's token cost, for the same token again and again. Only a token that
    // passed every check of its own (signature, issuer, audience, lifetime) is kept, by its exact text, never past its
    // expiry; what depends on the activity (channel, endorsement, serviceUrl claim, tenant) is checked on every request.
    // Signing keys are re-read from the metadata only every few hours anyway, so ten minutes add nothing to how long a
    // withdrawn key is trusted.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (JsonWebToken Token, DateTime Until)> _checked =
        new(StringComparer.Ordinal);

    public InboundTokenValidator(IOptions<BotOptions> options, IHttpClientFactory httpClients, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
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
        var now = _time.GetUtcNow().UtcDateTime;

        JsonWebToken jwt;
        if (_checked.TryGetValue(token, out var known) && known.Until > now)
        {
            jwt = known.Token;
        }
        else
        {
            var result = await ValidateSignatureAndClaimsAsync(token, ct);
            if (result is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException })
            {
                // Microsoft rolls keys; an unknown kid means "look again", once.
                _metadata.RequestRefresh();
                result = await ValidateSignatureAndClaimsAsync(token, ct);
            }
            if (!result.IsValid) return InboundAuthResult.Unauthorized($"token rejected: {result.Exception?.GetType().Name}");
            jwt = (JsonWebToken)result.SecurityToken;
            Remember(token, jwt, now);
        }

        // Before the endorsements: a key Microsoft endorsed for another channel (webchat, directline) must not get in
        // by claiming that channel in the body.
        if (!SecurityChecks.IsAllowedChannel(activity.ChannelId, _options.EffectiveChannels))
            return InboundAuthResult.Forbidden("channel not served");

        var config = await _metadata.GetConfigurationAsync(ct);
        var endorsements = EndorsementsOf(config, jwt.Kid);
        if (!SecurityChecks.IsEndorsed(endorsements, activity.ChannelId))
            return InboundAuthResult.Forbidden("signing key not endorsed for channel");

        jwt.TryGetClaim("serviceurl", out var serviceUrlClaim);
        if (!SecurityChecks.ServiceUrlClaimMatches(serviceUrlClaim?.Value, activity.ServiceUrl))
            return InboundAuthResult.Forbidden("serviceurl claim does not match activity");

        return CheckActivity(activity, _options);
    }

    private void Remember(string token, JsonWebToken jwt, DateTime now)
    {
        var until = jwt.ValidTo < now + CheckedTokenLifetime ? jwt.ValidTo : now + CheckedTokenLifetime;
        if (until <= now) return;
        if (_checked.Count >= MaxCheckedTokens) _checked.Clear();
        _checked[token] = (jwt, until);
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
