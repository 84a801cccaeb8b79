using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>"Gegenstände und Koffer" (lendingAdmin.items {page?}): the list of items to edit or retire.</summary>
public sealed class ShowItems(ItemList list) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, CardInput.WholeNumber(data, "page") ?? 1, "", ct)));
}
