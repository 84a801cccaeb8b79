using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for Entra ID (login.microsoftonline.com) on loopback, as far as the pages use it: the v2.0 OpenID
/// metadata and keys of one tenant, /authorize (code flow with PKCE; a login_hint naming a known person's object id
/// signs them in at once, as Entra does for a single signed-in account; without one it shows a small account picker),
/// /token (redeems a code once, checks the PKCE verifier, client id and secret, and answers an id token), and mints
/// Teams tab SSO tokens, right or wrong, for the tab sign-in tests.
/// </summary>
public sealed class EntraStub : IAsyncDisposable
{
    public const string ClientSecret = "pages-test-secret";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = NewKey("entra-key-1");
    private readonly RsaSecurityKey _otherKey = NewKey("unpublished-key");
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, (string Name, string? Upn)> _people = new(StringComparer.OrdinalIgnoreCase);
    private string _baseUrl = "";

    private sealed record Grant(string ObjectId, string ClientId, string RedirectUri, string? Nonce, string? Challenge);

    public string TenantId { get; }
    public string ClientId { get; }

    /// <summary>The value of Pages:SignIn:Instance: the app builds its authority as Instance/TenantId/v2.0.</summary>
    public string Instance => _baseUrl;

    public string Issuer => $"{_baseUrl}/{TenantId}/v2.0";

    /// <summary>Every /authorize and /token request, for tests that check what the app asked for.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private EntraStub(WebApplication app, string tenantId, string clientId)
    {
        _app = app;
        TenantId = tenantId;
        ClientId = clientId;
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => tenant != TenantId ? Results.NotFound() : Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{_baseUrl}/{TenantId}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{_baseUrl}/{TenantId}/oauth2/v2.0/token",
            ["end_session_endpoint"] = $"{_baseUrl}/{TenantId}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{_baseUrl}/{TenantId}/discovery/v2.0/keys",
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token"),
            ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
        }));
        app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk(_key)) }));
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpContext http) => Authorize(http, http.Request.Query["login_hint"].ToString()));
        app.MapPost("/{tenant}/oauth2/v2.0/authorize", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            return Authorize(http, form["oid"].ToString());
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", (Delegate)Token);
    }

    public static async Task<EntraStub> StartAsync(string tenantId, string clientId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new EntraStub(builder.Build(), tenantId, clientId);
        await stub._app.StartAsync();
        stub._baseUrl = stub._app.Urls.First();
        return stub;
    }

    /// <summary>A person the stub knows (the directory): sign-in by login_hint = object id, or picked from the list; the UPN goes into the tokens.</summary>
    public void AddPerson(string objectId, string name, string? upn = null) => _people[objectId] = (name, upn);

    private IResult Authorize(HttpContext http, string chosen)
    {
        var q = http.Request.Query.Count > 0 ? http.Request.Query : new QueryCollection();
        var p = (string key) => q[key].ToString() is { Length: > 0 } v ? v : http.Request.HasFormContentType ? http.Request.Form[key].ToString() : "";
        Requests.Enqueue("authorize " + http.Request.QueryString);
        var clientId = p("client_id");
        var redirect = p("redirect_uri");
        if (clientId != ClientId) return Results.BadRequest("AADSTS700016: unknown client " + clientId);
        if (p("response_type") != "code") return Results.BadRequest("AADSTS70005: only the code flow here");
        if (string.IsNullOrEmpty(chosen) || !_people.ContainsKey(chosen))
        {
            // The account picker: a real form, so a browser test could choose; the tests pass login_hint instead.
            var sb = new StringBuilder("<!DOCTYPE html><html lang=\"de\"><head><title>Konto auswählen</title></head><body><h1>Konto auswählen</h1>");
            foreach (var (oid, person) in _people)
                sb.Append("<form method=\"post\">").Append(string.Join("", q.Select(kv => $"<input type=\"hidden\" name=\"{kv.Key}\" value=\"{System.Net.WebUtility.HtmlEncode(kv.Value.ToString())}\">")))
                  .Append("<button name=\"oid\" value=\"").Append(oid).Append("\">").Append(System.Net.WebUtility.HtmlEncode(person.Name)).Append("</button></form>");
            return Results.Content(sb.Append("</body></html>").ToString(), "text/html");
        }
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(chosen, clientId, redirect, p("nonce") is { Length: > 0 } n ? n : null, p("code_challenge") is { Length: > 0 } c ? c : null);
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{redirect}{separator}code={code}&state={Uri.EscapeDataString(p("state"))}&session_state=stub");
    }

    private async Task<IResult> Token(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        Requests.Enqueue("token " + form["grant_type"]);
        if (form["grant_type"] != "authorization_code") return Error("unsupported_grant_type");
        if (!_codes.TryRemove(form["code"].ToString(), out var grant)) return Error("invalid_grant", "AADSTS54005: the code was already redeemed or is unknown");
        var (clientId, secret) = ClientCredentials(http, form);
        if (clientId != grant.ClientId || secret != ClientSecret) return Error("invalid_client", "AADSTS7000215: invalid client secret");
        if (form["redirect_uri"] != grant.RedirectUri) return Error("invalid_grant", "AADSTS50148: redirect_uri differs");
        if (grant.Challenge is not null)
        {
            var verifier = form["code_verifier"].ToString();
            var hashed = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            if (hashed != grant.Challenge) return Error("invalid_grant", "AADSTS501481: the code verifier does not match");
        }
        var person = _people[grant.ObjectId];
        var claims = new Dictionary<string, object>
        {
            ["oid"] = grant.ObjectId,
            ["tid"] = TenantId,
            ["sub"] = "sub-" + grant.ObjectId,
            ["name"] = person.Name,
            // Entra's ID token has the UPN as preferred_username; the upn claim only with the optional claim (not here).
            ["preferred_username"] = person.Upn ?? grant.ObjectId + "@stadt.test",
            ["ver"] = "2.0",
        };
        if (grant.Nonce is not null) claims["nonce"] = grant.Nonce;
        var idToken = Mint(ClientId, Issuer, claims);
        return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["id_token"] = idToken, ["access_token"] = Mint(ClientId, Issuer, claims), ["expires_in"] = 3600 });
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpContext http, IFormCollection form)
    {
        if (http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static IResult Error(string error, string? description = null) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description ?? error }, statusCode: 400);

    /// <summary>How a tab SSO token can be wrong, for the forged-token tests.</summary>
    public enum TabTokenFlaw { None, WrongAudience, WrongIssuer, OtherTenant, Expired, NoSignature, UnpublishedKey, OtherScope, NoObjectId }

    /// <summary>
    /// A token as Teams hands a tab (getAuthToken / nested app auth): v2, audience the app id (or api://host/appId),
    /// scope access_as_user, issued by the tenant's v2.0 issuer; or with one thing wrong.
    /// </summary>
    public string TabToken(string objectId, TabTokenFlaw flaw = TabTokenFlaw.None, string? audience = null)
    {
        var tenant = flaw == TabTokenFlaw.OtherTenant ? "0f0f0f0f-0000-4000-8000-00000000beef" : TenantId;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = tenant,
            ["scp"] = flaw == TabTokenFlaw.OtherScope ? "User.Read" : "access_as_user",
            ["name"] = _people.TryGetValue(objectId, out var person) ? person.Name : "Unbekannt",
            ["ver"] = "2.0",
        };
        if (flaw != TabTokenFlaw.NoObjectId) claims["oid"] = objectId;
        // v2 access tokens carry preferred_username; upn only with the optional claim "upn" (docs/teams-setup.md 6.2).
        if (person.Upn is { } upn) (claims["preferred_username"], claims["upn"]) = (upn, upn);
        var issuer = flaw switch
        {
            TabTokenFlaw.WrongIssuer => "https://sts.windows.net/" + TenantId + "/",
            TabTokenFlaw.OtherTenant => $"{_baseUrl}/{tenant}/v2.0",
            _ => Issuer,
        };
        var aud = flaw == TabTokenFlaw.WrongAudience ? "00000003-0000-0000-c000-000000000000" : audience ?? ClientId;
        if (flaw == TabTokenFlaw.NoSignature)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var payload = new JsonObject { ["iss"] = issuer, ["aud"] = aud, ["nbf"] = now - 60, ["exp"] = now + 3600, ["oid"] = objectId, ["tid"] = tenant, ["scp"] = "access_as_user" };
            return $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64(payload.ToJsonString())}.";
        }
        var expired = flaw == TabTokenFlaw.Expired;
        return Mint(aud, issuer, claims, flaw == TabTokenFlaw.UnpublishedKey ? _otherKey : _key,
            expired ? DateTime.UtcNow.AddHours(-2) : null, expired ? DateTime.UtcNow.AddHours(-1) : null);
    }

    private string Mint(string audience, string issuer, Dictionary<string, object> claims, RsaSecurityKey? key = null, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static JsonObject Jwk(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = key.KeyId, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
