using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>"Tags und Bereich ändern" (ideasTriage.tagsForm {ideaId}): the Lotsen's tags (offered ones and free ones) and whom it helps.</summary>
public sealed class ShowTagsForm(LotsenDirectory lotsen, TriageReply reply, IOptions<IdeasOptions> options) : IVerbHandler
{
    /// <summary>The department choice for "alle" (an empty choice value would read as "nothing chosen").</summary>
    public const string AllDepartments = IdeaDraft.AllDepartments;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        if (await reply.FreshAsync(ideaId, ct) is not { } idea) return TriageAnswers.BadRequest(turn);
        var tags = idea.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var offered = options.Value.Tags;
        return new VerbResult.Card(Render(turn, idea, options.Value,
            string.Join(",", tags.Where(t => offered.Contains(t, StringComparer.Ordinal))),
            string.Join(", ", tags.Where(t => !offered.Contains(t, StringComparer.Ordinal))),
            idea.Department, ""));
    }

    /// <summary>The form with the values as chosen or typed, and a refusal under the field it concerns (and above the button).</summary>
    public static JsonObject Render(TurnContext turn, Idea idea, IdeasOptions options, string chosen, string more, string department, string error)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(idea);
        ArgumentNullException.ThrowIfNull(options);
        var departments = new JsonArray { new JsonObject { ["title"] = turn.Word("ideas.department.all"), ["value"] = AllDepartments } };
        foreach (var d in options.Departments) departments.Add(new JsonObject { ["title"] = d, ["value"] = d });
        return turn.Card("ideas/tagsForm", new JsonObject
        {
            ["ideaId"] = idea.Id,
            ["version"] = idea.Version,
            ["heading"] = turn.Format("ideasTriage.tagsForm.heading", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["tagChoices"] = new JsonArray(options.Tags.Select(t => (JsonNode)new JsonObject { ["title"] = t, ["value"] = t }).ToArray()),
            ["tags"] = chosen,
            ["moreTags"] = more,
            ["departments"] = departments,
            ["department"] = department.Length > 0 ? department : AllDepartments,
            ["error"] = error,
            ["hasError"] = error.Length > 0,
            ["submitTitle"] = turn.Format("ideasTriage.tagsForm.submit", idea.Id),
            ["backTitle"] = turn.Format("ideasTriage.merge.back", idea.Id),
        });
    }
}
