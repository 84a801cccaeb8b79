using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>"schulungen" and the menu button: the list of upcoming sessions, all tools or the one chosen on the card.</summary>
public sealed class ShowTrainings(TrainingList list) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("trainings/list", await list.DataAsync(turn, null, "", ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        long? toolId = CardInput.TryGetId(data, "toolId", out var id) ? id : null;
        return new VerbResult.Card(turn.Card("trainings/list", await list.DataAsync(turn, toolId, "", ct)));
    }
}
