using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// The "submitted" card (cards/ideas/submitted) in a language: "#12 … ist bei den Digitalen Lotsen", its status,
/// whom it helps, the day the first answer is due, and for an anonymous idea what that means. The answer to the
/// submit and the receipt that stays in the chat say the same.
/// </summary>
public sealed class SubmittedView(CardRenderer cards, Strings strings, TimeProvider time)
{
    public JsonObject Render(string lang, Idea idea)
    {
        ArgumentNullException.ThrowIfNull(idea);
        var due = Wording.Day(lang, idea.FirstResponseDueOn, time.GetUtcNow().UtcDateTime);
        return cards.Render("ideas/submitted", lang, new JsonObject
        {
            ["heading"] = strings.Format(lang, "ideasIntake.submitted.heading", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["status"] = strings.Get(lang, "ideas.status." + idea.Status.Key()),
            ["department"] = idea.Department.Length > 0 ? idea.Department : strings.Get(lang, "ideas.department.all"),
            ["due"] = due,
            ["next"] = strings.Format(lang, "ideasIntake.submitted.next", due),
            ["anonymous"] = idea.Anonymous,
        });
    }
}
