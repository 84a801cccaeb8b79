using Azure.Core;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Stands in for Entra ID's token endpoint: hands out a recognisable token and counts requests.</summary>
public sealed class FakeEntraCredential : TokenCredential
{
    public const string TokenValue = "fake-entra-token";
    private int _requests;

    public int Requests => _requests;
    public string? LastScope { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        LastScope = requestContext.Scopes.FirstOrDefault();
        return new AccessToken(TokenValue, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
