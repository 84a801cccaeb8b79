using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>The detail card of one session: description, prerequisites, duration, and the buttons that apply to this person now.</summary>
public sealed class ShowSession(SessionView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        CardInput.TryGetId(data, "sessionId", out var sessionId)
            ? await view.DetailCardAsync(turn, sessionId, null, ct)
            : TrainingAnswers.BadRequest(turn);
}
