using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas.Report;

namespace StadtLabor.Bot.Features.Ideas.Jobs;

/// <summary>
/// The card ideas/escalation: names the idea (number and title), how many working days it is past its deadline, its
/// state and the button to open it in triage. It names no submitter at all, so an anonymous one cannot slip onto it;
/// whoever opens the idea sees what their role may see there.
/// </summary>
public sealed class EscalationCard(CardRenderer cards, Strings strings)
{
    public JsonObject Render(Idea idea, int level, DateOnly today, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(idea);
        var overdue = IdeaFigures.WorkingDaysBetween(idea.FirstResponseDueOn, today);
        return cards.Render("ideas/escalation", lang, new JsonObject
        {
            ["ideaId"] = idea.Id,
            ["heading"] = strings.Get(lang, $"ideasReport.escalation.heading{level}"),
            ["text"] = strings.Get(lang, $"ideasReport.escalation.text{level}"),
            ["title"] = strings.Format(lang, "ideasReport.escalation.title", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["overdue"] = strings.Format(lang, overdue == 1 ? "ideasReport.workingDays.one" : "ideasReport.workingDays.other", overdue),
            ["due"] = Wording.Day(lang, idea.FirstResponseDueOn, nowUtc),
            ["status"] = strings.Get(lang, "ideas.status." + idea.Status.Key()),
            ["department"] = idea.Department.Length > 0 ? CardText.Plain(idea.Department, IdeaLimits.Department) : strings.Get(lang, "ideas.department.all"),
            ["assigned"] = idea.AssignedName is { Length: > 0 } name ? CardText.Plain(name, IdeaLimits.Name) : strings.Get(lang, "ideasReport.escalation.unassigned"),
            ["openTitle"] = strings.Format(lang, "ideasReport.escalation.open", idea.Id),
        });
    }
}
