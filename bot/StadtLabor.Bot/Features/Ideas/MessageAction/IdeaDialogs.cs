using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.MessageAction;

/// <summary>
/// The two dialog cards of "Als Idee einreichen": the form (cards/ideas/dialogForm) and the similar ideas
/// (cards/ideas/dialogSimilar). Dialogs take Action.Submit only (Universal Actions' Action.Execute works on cards a bot
/// sent into a chat, not in dialogs): each button's data names its <see cref="Steps">step</see>, and the buttons of
/// the similar ideas carry the whole draft, since a dialog keeps no state between its steps.
/// </summary>
public sealed class IdeaDialogs(IOptions<IdeasOptions> options)
{
    /// <summary>
    /// The choice "alle" (IdeaDraft's empty department): the card parser refuses a choice with an empty value, so the
    /// form sends this and <see cref="IdeaDraft.Read"/> reads it as "" (the chat's form and the tags form send the same).
    /// </summary>
    public const string AllDepartments = IdeaDraft.AllDepartments;

    /// <summary>What a dialog button asks for, in its data's "step".</summary>
    public static class Steps
    {
        public const string Check = "check";
        public const string Submit = "submit";
        public const string Support = "support";
        public const string Edit = "edit";
    }

    /// <summary>The form with these values; <paramref name="errors"/> (field → word key) stand under their fields and above the button.</summary>
    public DialogResult Form(TurnContext turn, IdeaDraft values, IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var err = new JsonObject();
        foreach (var field in new[] { "title", "description", "department" })
        {
            var text = errors.TryGetValue(field, out var key) ? turn.Word(key) : "";
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var summary = new JsonArray();
        foreach (var (field, key) in errors.OrderBy(e => Array.IndexOf(FieldOrder, e.Key)))
            summary.Add(new JsonObject { ["text"] = turn.Word(field == "draftId" ? "ideasMessage.form.expired" : key) });

        var departments = new JsonArray();
        foreach (var department in options.Value.Departments) departments.Add(new JsonObject { ["title"] = department, ["value"] = department });
        var card = turn.Card("ideas/dialogForm", new JsonObject
        {
            ["check"] = new JsonObject { ["step"] = Steps.Check, ["draftId"] = values.DraftId },
            // Input values are plain text (no markdown), so they go in as typed.
            ["form"] = new JsonObject
            {
                ["title"] = values.Title,
                ["description"] = values.Description,
                ["department"] = values.Department.Length == 0 ? AllDepartments : values.Department,
                ["anonymous"] = values.Anonymous ? "true" : "false",
            },
            ["departments"] = departments,
            ["allValue"] = AllDepartments,
            ["err"] = err,
            ["errors"] = summary,
            ["hasErrors"] = summary.Count > 0,
        });
        return new DialogResult.Card(card, turn.Word("ideasMessage.dialogTitle"));
    }

    /// <summary>The similar ideas: support one of them instead, or submit the draft after all (or go back to it).</summary>
    public static DialogResult Similar(TurnContext turn, IdeaDraft draft, IReadOnlyList<SimilarIdea> similar)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(similar);
        var ideas = new JsonArray();
        foreach (var idea in similar)
        {
            var title = CardText.Plain(idea.Title, 80);
            ideas.Add(new JsonObject
            {
                ["heading"] = turn.Format("ideasMessage.similar.idea", idea.IdeaId, title),
                ["status"] = turn.Format("ideasMessage.similar.status", turn.Word("ideas.status." + idea.Status.Key())),
                ["supports"] = turn.Format("ideasMessage.similar.supports", idea.SupportCount),
                // The number makes each button's name unique, also for two ideas with the same title.
                ["sameTitle"] = turn.Format("ideasMessage.similar.same", idea.IdeaId, title),
                ["same"] = new JsonObject { ["step"] = Steps.Support, ["ideaId"] = idea.IdeaId },
            });
        }
        var card = turn.Card("ideas/dialogSimilar", new JsonObject
        {
            ["ideas"] = ideas,
            ["different"] = WithStep(draft, Steps.Submit),
            ["edit"] = WithStep(draft, Steps.Edit),
        });
        return new DialogResult.Card(card, turn.Word("ideasMessage.dialogTitle"));
    }

    private static readonly string[] FieldOrder = ["draftId", "title", "description", "department"];

    private static JsonObject WithStep(IdeaDraft draft, string step)
    {
        var data = draft.ToData();
        data["step"] = step;
        return data;
    }
}
