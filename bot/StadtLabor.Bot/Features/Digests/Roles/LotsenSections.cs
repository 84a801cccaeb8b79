using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// The Lotsen's sections: ideas waiting for triage, deadlines at risk, last week's public answers. An anonymous idea
/// says "anonym eingereicht" and nothing else about who sent it (RoleTriageWeek never reads its author).
/// </summary>
public sealed class LotsenSections(Strings strings)
{
    private const string W = "digestsRoles.";

    public SectionData Build(RoleWeek week, RoleSection section, string lang)
    {
        ArgumentNullException.ThrowIfNull(week);
        var t = week.Triage;
        return section switch
        {
            RoleSection.LotsenWaiting => RoleDigestCard.Section(strings, lang, section, [.. t.Waiting.Select(i => IdeaRow(week, lang, i, "button.triage"))], t.WaitingTotal,
                strings.Get(lang, W + "button.queue"), "ideasTriage.queue"),
            RoleSection.LotsenDeadlines => RoleDigestCard.Section(strings, lang, section, [.. t.AtRisk.Select(i => IdeaRow(week, lang, i, "button.answer"))], t.AtRiskTotal,
                strings.Get(lang, W + "button.mine"), "ideasTriage.queue", new JsonObject { ["mine"] = true }),
            _ => RoleDigestCard.Section(strings, lang, section, [.. t.Answers.Select(a => RoleDigestCard.Row(Answer(week, lang, a), ""))], t.AnswersTotal),
        };
    }

    private JsonObject IdeaRow(RoleWeek week, string lang, RoleIdeaLine i, string buttonKey)
    {
        var title = CardText.Plain(i.Title, 80);
        var who = i.Anonymous || i.Submitter is null ? strings.Get(lang, W + "row.anonymous")
            : strings.Format(lang, W + "row.by", CardText.Plain(i.Submitter, IdeaLimits.Name));
        var due = Wording.Day(lang, i.DueOn, week.NowUtc);
        var facts = string.Join(" · ",
            strings.Format(lang, W + "row.submitted", Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(i.SubmittedAtUtc)), week.NowUtc)),
            who,
            strings.Format(lang, W + (i.Overdue ? "row.overdue" : "row.due"), due),
            i.AssignedName is { Length: > 0 } assigned ? strings.Format(lang, W + "row.assigned", CardText.Plain(assigned, IdeaLimits.Name))
                : strings.Get(lang, W + "row.unassigned"));
        return RoleDigestCard.Row(strings.Format(lang, W + "row.idea", i.Id, title), facts,
            strings.Format(lang, W + buttonKey, i.Id, title), "ideasTriage.show", new JsonObject { ["ideaId"] = i.Id });
    }

    private string Answer(RoleWeek week, string lang, RoleIdeaAnswer a)
    {
        var title = CardText.Plain(a.Title, 80);
        var when = Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(a.AtUtc)), week.NowUtc);
        return a.Kind == IdeaEventKind.StatusChanged && a.ToStatus is { } status
            ? strings.Format(lang, W + "row.answerStatus", a.IdeaId, title, strings.Get(lang, "ideas.status." + status.Key()), when)
            : strings.Format(lang, W + "row.answerComment", a.IdeaId, title, when);
    }
}
