using System.Text.Json;
using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Benchmarks;

/// <summary>
/// The check every request from Teams passes: signature (RS256, keys from the issuer's metadata, cached after the
/// first fetch), lifetime, audience, issuer, endorsement, serviceurl claim, then tenant and serviceUrl allow-lists.
/// The Bot Connector signs many requests with one token, so the same token repeated is the common case.
/// </summary>
[MemoryDiagnoser]
public class TokenValidation
{
    private TestIssuer _issuer = null!;
    private BotPieces _bot = null!;
    private InboundTokenValidator _validator = null!;
    private BotOptions _options = null!;
    private Activity _activity = null!;
    private string _authorization = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _issuer = await TestIssuer.StartAsync();
        _bot = new BotPieces(_issuer.MetadataUrl);
        _validator = _bot.Validator;
        _options = _bot.Options;
        _activity = JsonSerializer.Deserialize<Activity>(TeamsActivities.HilfeMessage, ConnectorJson.Options)!;
        _authorization = "Bearer " + _issuer.Token(BotPieces.AppId, BotPieces.ServiceUrl);
        // Fetches the metadata once, and makes sure what is measured is the accepting path, not an early refusal.
        var first = await ValidTokenSameTokenRepeated();
        if (!first.Ok) throw new InvalidOperationException($"The benchmark token was refused: {first.Reason}");
        if (!ActivityRules().Ok) throw new InvalidOperationException("The benchmark activity breaks the activity rules");
    }

    [Benchmark]
    public Task<InboundAuthResult> ValidTokenSameTokenRepeated() =>
        _validator.ValidateAsync(_authorization, _activity, CancellationToken.None);

    /// <summary>The part after the token (also the whole check in anonymous mode): channel, shape, tenant, serviceUrl.</summary>
    [Benchmark]
    public InboundAuthResult ActivityRules() => InboundTokenValidator.CheckActivity(_activity, _options);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _bot.DisposeAsync();
        await _issuer.DisposeAsync();
    }
}
