using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>"ausleihe verwalten" (lab team): the start card with today's figures and a button to every lab-team lending card.</summary>
public sealed class ManageLending(AdminOverview overview) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("lendingAdmin/overview", await overview.DataAsync(turn, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lendingAdmin/overview", await overview.DataAsync(turn, ct)));
}
