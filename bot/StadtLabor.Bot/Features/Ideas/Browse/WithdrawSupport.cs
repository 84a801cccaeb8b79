using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// "Unterstützung zurückziehen: #12 …" (ideas.unsupport {ideaId}): through <see cref="IdeaSupporting"/>; the person
/// no longer hears of the idea. Nothing to undo for someone who never supported it ("nichts geändert"). Answers with
/// the refreshed idea card.
/// </summary>
public sealed class WithdrawSupport(IdeaSupporting supporting, IdeaView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return BrowseAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return BrowseAnswers.UnknownUser(turn);
        var outcome = await supporting.RemoveAsync(person, ideaId, ct);
        return await view.CardAsync(turn, person, ideaId, outcome, ct);
    }
}
