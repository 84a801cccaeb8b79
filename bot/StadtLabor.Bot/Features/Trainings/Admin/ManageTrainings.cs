using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>"schulungen verwalten" (lab team): the overview of upcoming and recent sessions; every other lab-team card leads back here.</summary>
public sealed class ManageTrainings(SessionOverview overview) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("trainings/manage", await overview.DataAsync(turn, "", ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("trainings/manage", await overview.DataAsync(turn, "", ct)));
}
