using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for login.microsoftonline.com over HTTPS on loopback, for a bot running as its own process with a real
/// ClientSecretCredential (Bot:Credential:AuthorityHost points here). It answers the OAuth2 client-credentials request
/// and the discovery documents MSAL may ask for, and records every request. The certificate is self-signed; a child
/// process trusts it through SSL_CERT_FILE=<see cref="CertificateFile"/>.
/// </summary>
public sealed class FakeEntraEndpoint : IAsyncDisposable
{
    public const string AccessToken = "fake-entra-token-from-the-endpoint";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(DateTime At, string Method, string Path)> _requests = new();
    private string _baseUrl = "";

    /// <summary>"time METHOD /path" of every request, in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path}").ToList();

    public int TokenRequests => _requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));

    /// <summary>The value for Bot:Credential:AuthorityHost.</summary>
    public string AuthorityHost => _baseUrl + "/";

    /// <summary>PEM file of the certificate the endpoint serves (and the only root a child process needs to trust).</summary>
    public string CertificateFile { get; }

    private FakeEntraEndpoint(WebApplication app, string certificateFile)
    {
        _app = app;
        CertificateFile = certificateFile;
        app.Map("/{**path}", async (HttpContext http) =>
        {
            var path = http.Request.Path.Value ?? "/";
            _requests.Enqueue((DateTime.UtcNow, http.Request.Method, path));
            var segments = path.Trim('/').Split('/');
            var tenant = segments.Length > 0 ? segments[0] : "common";
            if (HttpMethods.IsPost(http.Request.Method) && path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
            {
                var form = await http.Request.ReadFormAsync();
                if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(form["client_id"]))
                {
                    http.Response.StatusCode = 400;
                    await http.Response.WriteAsJsonAsync(new { error = "invalid_request", error_description = "stub: client credentials expected" });
                    return;
                }
                await http.Response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599, access_token = AccessToken });
                return;
            }
            if (path.EndsWith("/discovery/instance", StringComparison.Ordinal))
            {
                var host = new Uri(_baseUrl).Authority;
                await http.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["tenant_discovery_endpoint"] = $"{_baseUrl}/{tenant}/v2.0/.well-known/openid-configuration",
                    ["api-version"] = "1.1",
                    ["metadata"] = new JsonArray(new JsonObject
                    {
                        ["preferred_network"] = host,
                        ["preferred_cache"] = host,
                        ["aliases"] = new JsonArray(host),
                    }),
                });
                return;
            }
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                await http.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["issuer"] = $"{_baseUrl}/{tenant}/v2.0",
                    ["token_endpoint"] = $"{_baseUrl}/{tenant}/oauth2/v2.0/token",
                    ["authorization_endpoint"] = $"{_baseUrl}/{tenant}/oauth2/v2.0/authorize",
                    ["jwks_uri"] = $"{_baseUrl}/{tenant}/discovery/v2.0/keys",
                });
                return;
            }
            http.Response.StatusCode = 404;
        });
    }

    public static async Task<FakeEntraEndpoint> StartAsync()
    {
        var certificate = SelfSigned();
        var dir = Path.Combine(Path.GetTempPath(), "stadtlabor-tests");
        Directory.CreateDirectory(dir);
        var certificateFile = Path.Combine(dir, $"entra-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var endpoint = new FakeEntraEndpoint(builder.Build(), certificateFile);
        await endpoint._app.StartAsync();
        endpoint._baseUrl = endpoint._app.Urls.First().Replace("://[::1]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return endpoint;
    }

    /// <summary>A CA-flagged self-signed certificate for 127.0.0.1, so it can be its own trust anchor.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=stadtlabor-fake-entra", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try { File.Delete(CertificateFile); } catch (IOException) { }
    }
}
