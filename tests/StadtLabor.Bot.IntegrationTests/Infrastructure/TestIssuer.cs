using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for login.botframework.com: publishes OpenID metadata and signing keys (with Bot Framework's
/// "endorsements" extension) on loopback, and mints tokens the way the Bot Connector does, right or wrong.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _endorsedKey = NewKey("endorsed-key");
    private readonly RsaSecurityKey _unendorsedKey = NewKey("unendorsed-key");
    private readonly RsaSecurityKey _unpublishedKey = NewKey("unpublished-key");

    private string _baseUrl = "";

    public string MetadataUrl => _baseUrl + "/v1/.well-known/openidconfiguration";
    public int MetadataRequests { get; private set; }

    private TestIssuer(WebApplication app)
    {
        _app = app;
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            MetadataRequests++;
            return Results.Json(new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = _baseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(_endorsedKey, "msteams", "webchat"), Jwk(_unendorsedKey, "webchat")),
        }));
    }

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var issuer = new TestIssuer(builder.Build());
        await issuer._app.StartAsync();
        // The port is chosen by the OS at start, so the metadata learns its own address afterwards.
        issuer._baseUrl = issuer._app.Urls.First();
        return issuer;
    }

    public enum Signing { Endorsed, Unendorsed, Unpublished }

    public string Token(string audience, string serviceUrl, Signing signing = Signing.Endorsed, string issuer = Issuer,
        DateTime? notBefore = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var key = signing switch
        {
            Signing.Endorsed => _endorsedKey,
            Signing.Unendorsed => _unendorsedKey,
            _ => _unpublishedKey,
        };
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token ("alg": "none"), the classic downgrade attack.</summary>
    public static string UnsignedToken(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = B64($"{{\"iss\":\"{Issuer}\",\"aud\":\"{audience}\",\"nbf\":{now - 60},\"exp\":{now + 3600},\"serviceurl\":\"{serviceUrl}\"}}");
        return $"{header}.{payload}.";
    }

    /// <summary>A valid token whose payload was changed afterwards: the signature no longer matches.</summary>
    public string TamperedToken(string audience, string serviceUrl)
    {
        var parts = Token(audience, serviceUrl).Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[1]))!.AsObject();
        payload["exp"] = payload["exp"]!.GetValue<long>() + 86_400;
        return $"{parts[0]}.{B64(payload.ToJsonString())}.{parts[2]}";
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static JsonObject Jwk(RsaSecurityKey key, params string[] endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e).ToArray()),
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
