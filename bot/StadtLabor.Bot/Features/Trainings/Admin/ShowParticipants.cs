using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>"Teilnehmende" (lab team): the participant list of one session, the page asked for.</summary>
public sealed class ShowParticipants(ParticipantsCard participants) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        return await participants.CardAsync(turn, sessionId, "", ParticipantsCard.PageOf(data), ct) is { } card
            ? new VerbResult.Card(card)
            : TrainingAnswers.BadRequest(turn);
    }
}
