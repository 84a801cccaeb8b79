using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Benchmarks;

/// <summary>
/// The singletons of one turn, wired the way Hosting/LabApp.cs wires them (same registration methods, the feature
/// modules of Program.Features for the routes), from a configuration like production's: full token check against a
/// metadata URL, Teams' own serviceUrl host. No database: the micro benchmarks measure what runs around it.
/// </summary>
public sealed class BotPieces : IAsyncDisposable
{
    public const string AppId = "6f1f8d3e-2b7a-4c55-9f0e-5a1d2c3b4a59";
    public const string TenantId = "9a8b7c6d-1111-4222-8333-444455556666";
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly ServiceProvider _provider;

    public BotPieces(string? metadataUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = TenantId,
            ["Bot:AllowedTenants:0"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = metadataUrl ?? BotOptions.BotFrameworkMetadataUrl,
            // A local issuer serves plain http on loopback, which the app accepts only for loopback (as here).
            ["Bot:RequireHttpsMetadata"] = metadataUrl is null ? "true" : "false",
            // No outbound call is made here; "None" keeps the credential from asking for a secret.
            ["Bot:Credential:Type"] = "None",
        }).Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConnector(configuration);
        services.AddLabRoles(configuration);
        services.AddSingleton<Strings>();
        services.AddSingleton(CardContacts.FromConfiguration(configuration));
        services.AddSingleton<CardRenderer>();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        Routes = new TurnRoutes();
        foreach (var feature in Program.Features) feature.MapTurns(Routes);
    }

    public IServiceProvider Services => _provider;
    public TurnRoutes Routes { get; }
    public Strings Strings => _provider.GetRequiredService<Strings>();
    public CardRenderer Cards => _provider.GetRequiredService<CardRenderer>();
    public InboundTokenValidator Validator => _provider.GetRequiredService<InboundTokenValidator>();
    public BotOptions Options => _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BotOptions>>().Value;

    /// <summary>A card's sample data (cards/NAME.sample.json) without its words, as a feature passes data to the renderer.</summary>
    public static JsonObject SampleData(string card)
    {
        using var stream = typeof(BotPieces).Assembly.GetManifestResourceStream($"samples/{card}.json")
            ?? throw new InvalidOperationException($"No embedded sample for {card}");
        var data = JsonNode.Parse(stream)!.AsObject();
        data.Remove("t");
        return data;
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
