using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// "meine daten" (see, export and delete your own data) is not built yet: until it is, the same friendly
/// "coming soon" card as the menu's other unbuilt areas. It is routed here rather than in the menu so that it follows
/// "datenschutz" in the command list, as the manifest shows it.
/// </summary>
public sealed class ShowMyDataSoon(IConfiguration configuration) : ITurnHandler, IVerbHandler
{
    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        turn.ReplyCard("menu/comingSoon", Data(turn));
        return Task.CompletedTask;
    }

    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        Task.FromResult<VerbResult>(new VerbResult.Card(turn.Card("menu/comingSoon", Data(turn))));

    private JsonObject Data(TurnContext turn) => new()
    {
        ["areaTitle"] = turn.Word("menu.myData.title"),
        ["contact"] = configuration["Lab:ContactEmail"] ?? "stadtlabor@soest.de",
    };
}
