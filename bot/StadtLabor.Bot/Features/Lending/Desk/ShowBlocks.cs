using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>"Wartung und Sperren" (lab team): current and future blocks, each with its button to clear it.</summary>
public sealed class ShowBlocks(BlockList blocks) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(await blocks.CardAsync(turn, "", ct));
}
