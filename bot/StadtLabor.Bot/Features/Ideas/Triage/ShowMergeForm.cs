using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>"Zusammenführen" (ideasTriage.mergeForm {ideaId}): asks for the number of the idea this one goes into.</summary>
public sealed class ShowMergeForm(LotsenDirectory lotsen, TriageReply reply) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        if (await reply.FreshAsync(ideaId, ct) is not { } idea) return TriageAnswers.BadRequest(turn);
        return new VerbResult.Card(Render(turn, idea, null, ""));
    }

    /// <summary>The form, with a refused number kept and its error under the field (and as a summary above the button).</summary>
    public static JsonObject Render(TurnContext turn, Idea idea, long? target, string error)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(idea);
        return turn.Card("ideas/mergeForm", new JsonObject
        {
            ["ideaId"] = idea.Id,
            ["version"] = idea.Version,
            ["heading"] = turn.Format("ideasTriage.merge.heading", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["targetLabel"] = turn.Format("ideasTriage.merge.targetLabel", idea.Id),
            ["hasTarget"] = target is not null,
            ["noTarget"] = target is null,
            ["target"] = target ?? 0,
            ["error"] = error,
            ["hasError"] = error.Length > 0,
            ["submitTitle"] = turn.Format("ideasTriage.merge.submit", idea.Id),
            ["backTitle"] = turn.Format("ideasTriage.merge.back", idea.Id),
        });
    }
}
