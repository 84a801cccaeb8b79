using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// "umfrage ergebnisse" / surveysResults.list (role ResearchPartner; Innovation passes): the surveys with at least one
/// started wave, newest first. A running wave shows only its number of answers, and that only from the minimum group
/// size (<see cref="SurveyResults.RunningCountAsync"/>); a survey with a closed wave gets its button to the results.
/// </summary>
public sealed class ShowResultsList(LabDbContext db, ResultsCard view, SmallGroups smallGroups) : ITurnHandler, IVerbHandler
{
    public const string Verb = "surveysResults.list";
    public const int MaxSurveys = 20;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Reply(Connector.Activity.Card(await CardAsync(turn, ct)));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsPersonal) return turn.ErrorCard(turn.Word("surveysResults.personalOnly"));
        return new VerbResult.Card(await CardAsync(turn, ct));
    }

    private async Task<JsonObject> CardAsync(TurnContext turn, CancellationToken ct)
    {
        var ids = await ResultsSurvey.StartedIdsAsync(db, MaxSurveys, ct);
        var surveys = new JsonArray();
        foreach (var id in ids)
        {
            if (await ResultsSurvey.LoadAsync(db, id, ct) is not { } s) continue;
            var title = CardText.Plain(s.Survey.Title, SurveyLimits.Title);
            surveys.Add(new JsonObject
            {
                ["id"] = id,
                ["title"] = title,
                ["lines"] = await view.WaveLinesAsync(turn, s, ct),
                ["hasResults"] = s.Closed.Count > 0,
                ["openTitle"] = turn.Format("surveysResults.open", title),
            });
        }
        return turn.Card("surveys/results-list", new JsonObject
        {
            ["intro"] = turn.Format("surveysResults.listIntro", smallGroups.MinGroupSize),
            ["surveys"] = surveys,
            ["empty"] = surveys.Count == 0,
        });
    }
}
