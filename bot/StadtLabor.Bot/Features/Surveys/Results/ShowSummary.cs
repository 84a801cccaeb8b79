using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// surveys.summary {waveId} (staff): the summary the innovation department published for a closed wave: every closed
/// question's overall figures from <see cref="SurveyResults"/> (the same suppression as every view), never a breakdown
/// and never free text (a colleague's words may say who wrote them; the innovation department reads them, the whole
/// staff does not). Refused for a wave that is not published.
/// </summary>
public sealed class ShowSummary(LabDbContext db, SurveyResults results, SmallGroups smallGroups, TimeProvider time) : IVerbHandler
{
    public const string Verb = "surveys.summary";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (!CardInput.TryGetId(data, "waveId", out var waveId)) return turn.ErrorCard(turn.Word("surveysResults.notPublished"));
        var wave = await db.SurveyWaves().AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave is not { SummaryPublished: true, Status: WaveStatus.Closed, PublishedAtUtc: { } publishedAt })
            return turn.ErrorCard(turn.Word("surveysResults.notPublished"));
        var survey = await db.Surveys().AsNoTracking().SingleAsync(s => s.Id == wave.SurveyId, ct);
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == wave.SurveyId && q.Kind != QuestionKind.FreeText)
            .OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
        var k = smallGroups.MinGroupSize;

        var items = new JsonArray();
        foreach (var q in questions)
        {
            // Slot 0: no breakdown, whatever the card asked; SurveyResults applies the small-group rule.
            if (await results.QuestionAsync(q.Id, [wave.Id], 0, ct) is not [var figures]) continue;
            var section = FigureWords.Sections(turn, [figures], k)[0]!.AsObject();
            items.Add(new JsonObject
            {
                ["question"] = CardText.Plain(q.Text, SurveyLimits.QuestionText),
                ["people"] = section["people"]!.DeepClone(),
                ["facts"] = section["facts"]!.DeepClone(),
                ["hasFacts"] = section["hasFacts"]!.DeepClone(),
            });
        }
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        return new VerbResult.Card(turn.Card("surveys/summary", new JsonObject
        {
            ["heading"] = turn.Format("surveysResults.summaryTitle", title),
            ["wave"] = turn.Format("surveysResults.summaryWave", wave.Number, Wording.Moment(turn.Lang, publishedAt, time.GetUtcNow().UtcDateTime)),
            ["intro"] = turn.Format("surveysResults.summaryIntro", k),
            ["questions"] = items,
            ["waveId"] = wave.Id,
        }));
    }
}
