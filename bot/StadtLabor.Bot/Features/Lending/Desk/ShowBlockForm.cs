using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>"Neue Sperre" (lab team): the blank block form, the item preselected when the button carries one.</summary>
public sealed class ShowBlockForm(BlockForm form) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var entered = CardInput.TryGetId(data, "itemId", out var itemId) ? new JsonObject { ["itemId"] = itemId, ["quantity"] = "1" } : null;
        return new VerbResult.Card(await form.CardAsync(turn, entered, new Dictionary<string, string>(), null, "", ct));
    }
}
