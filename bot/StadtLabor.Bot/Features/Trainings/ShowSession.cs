using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>The detail card of one session: description, prerequisites, duration, and the buttons that apply to this person now.</summary>
public sealed class ShowSession(SessionView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        var card = await view.DetailAsync(sessionId, turn.UserAadObjectId, turn.Lang, "", ct);
        return card is null ? TrainingAnswers.BadRequest(turn) : new VerbResult.Card(turn.Card("trainings/detail", card));
    }
}
