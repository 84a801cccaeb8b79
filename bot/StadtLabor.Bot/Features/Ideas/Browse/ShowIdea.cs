using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// "Details: #12 …" (ideas.show {ideaId}): the idea with whom it helps, its status, how many support it, the Lotsen's
/// public answers, and the person's own standing: support it, withdraw the support, or neither (their own idea, or a
/// closed one; a merged one leads to the idea it went into). The id is untrusted: unknown → the error card.
/// </summary>
public sealed class ShowIdea(IdeaView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return BrowseAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return BrowseAnswers.UnknownUser(turn);
        return await view.CardAsync(turn, person, ideaId, null, ct);
    }
}
