using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// "Was ist frei?": typed or clicked without dates, the form prefilled with the next open day; submitted, the same
/// card with what is free in that range (<see cref="FreeCard"/>). Reads only, so a click Teams delivers twice is harmless.
/// </summary>
public sealed class FindFree(FreeCard card) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("lending/findFree", await card.FormAsync(turn, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lending/findFree", FreeCard.HasRange(data)
            ? await card.DataAsync(turn, data, "", ct)
            : await card.FormAsync(turn, ct)));
}
