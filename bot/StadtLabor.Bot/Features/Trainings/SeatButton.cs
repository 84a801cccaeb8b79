using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The shape every staff seat button shares (sign up, cancel, accept, decline): the session id from the card, the
/// person from the signed activity (never from the card), the change under the session lock, and the refreshed
/// detail card with the change's one-line answer on top.
/// </summary>
public sealed class SeatButton(SeatChange seats, SessionView view)
{
    public async Task<VerbResult> RunAsync(TurnContext turn, JsonObject data,
        Func<TrainingSession, Person, Task<string>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(change);
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);

        var notice = await seats.RunAsync(sessionId, session => change(session, person), ct);
        if (notice is null) return TrainingAnswers.BadRequest(turn);
        var card = await view.DetailAsync(sessionId, person.AadObjectId, turn.Lang, notice, ct);
        return card is null ? TrainingAnswers.BadRequest(turn) : new VerbResult.Card(turn.Card("trainings/detail", card));
    }
}
