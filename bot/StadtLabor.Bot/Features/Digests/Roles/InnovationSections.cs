using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// The innovation department's sections: participation in the running surveys (answers only from the minimum group
/// size, else "weniger als 5"; never a result) and the week's idea figures (new ideas through SmallGroups).
/// </summary>
public sealed class InnovationSections(Strings strings)
{
    private const string W = "digestsRoles.";

    public SectionData Build(RoleWeek week, RoleSection section, string lang)
    {
        ArgumentNullException.ThrowIfNull(week);
        var culture = Strings.Culture(lang);
        string N(int n) => n.ToString("N0", culture);
        var fewer = strings.Format(lang, "smallGroups.fewerThan", N(week.MinGroupSize));
        if (section == RoleSection.InnovationSurveys)
        {
            return RoleDigestCard.Section(strings, lang, section, [.. week.Surveys.Select(s =>
            {
                var title = CardText.Plain(s.Title, 80);
                return RoleDigestCard.Row(strings.Format(lang, W + "row.survey", title, N(s.Wave)),
                    strings.Format(lang, W + "row.surveyFacts", s.Answers is { } n ? N(n) : fewer, N(s.Invited), Wording.Day(lang, s.ClosesOn, week.NowUtc)),
                    strings.Format(lang, W + "button.survey", title, N(s.Wave)), "surveysLifecycle.manage", new JsonObject { ["surveyId"] = s.SurveyId });
            })], week.Surveys.Count, strings.Get(lang, W + "button.surveys"), "surveysAdmin.list");
        }

        var ideas = week.Ideas;
        var fresh = ideas.NewInWeek is { Shown: true, People: { } people } ? N(people) : fewer;
        JsonObject[] rows =
        [
            RoleDigestCard.Row(strings.Format(lang, W + "row.ideasNew", fresh), ""),
            RoleDigestCard.Row(strings.Format(lang, W + "row.ideasOpen", N(ideas.Open), N(ideas.OpenOverdue)), ""),
            RoleDigestCard.Row(strings.Format(lang, W + "row.ideasAnswered", N(ideas.AnsweredInWeek)), ""),
        ];
        // The figures are worth a card when anything happened or waits; three zeros are not.
        var total = ideas.NewInWeek.Shown || ideas.Open > 0 || ideas.AnsweredInWeek > 0 ? rows.Length : 0;
        return RoleDigestCard.Section(strings, lang, section, rows, total, strings.Get(lang, W + "button.figures"), "ideasReport.figures");
    }
}
