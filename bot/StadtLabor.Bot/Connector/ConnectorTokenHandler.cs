using System.Net.Http.Headers;
using Azure.Core;

namespace StadtLabor.Bot.Connector;

/// <summary>
/// Adds the bot's Entra token to every connector call. Tokens are cached until five minutes before they expire,
/// so a burst of messages costs one token request.
/// </summary>
public sealed class ConnectorTokenHandler(TokenCredential? credential, string scope, TimeProvider time) : DelegatingHandler
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AccessToken? _cached;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // No credential only in Development (the Agents Playground's mock connector takes no token).
        if (credential is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> GetTokenAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cached is { } fresh && fresh.ExpiresOn - now > TimeSpan.FromMinutes(5)) return fresh.Token;
        await _lock.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.ExpiresOn - now > TimeSpan.FromMinutes(5)) return again.Token;
            var token = await credential!.GetTokenAsync(new TokenRequestContext([scope]), ct);
            _cached = token;
            return token.Token;
        }
        finally
        {
            _lock.Release();
        }
    }
}
