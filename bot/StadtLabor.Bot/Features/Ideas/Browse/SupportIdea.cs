using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// "Das ist meine Idee auch" (ideas.support {ideaId}), on the idea card and on the similar-ideas card of the intake:
/// the support goes through <see cref="IdeaSupporting"/> (the one owner: one per person, not for one's own or a closed
/// idea), and the answer is the refreshed idea card with a line saying what the click did, so it reads the same
/// wherever the button was. A triple click is one support.
/// </summary>
public sealed class SupportIdea(IdeaSupporting supporting, IdeaView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return BrowseAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return BrowseAnswers.UnknownUser(turn);
        var outcome = await supporting.AddAsync(person, ideaId, ct);
        if (outcome == SupportOutcome.NoSuchIdea) return BrowseAnswers.UnknownIdea(turn);
        return await view.CardAsync(turn, person, ideaId, outcome, ct);
    }
}
