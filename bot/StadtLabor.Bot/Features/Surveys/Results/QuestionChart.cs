using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// The chart of one question (and declared breakdown) as a PNG, for the card's signed image link
/// (<see cref="DownloadChart"/>) and the survey dashboard page: the figures computed again through
/// <see cref="SurveyResults"/>, so the image can never show what the card or the page withholds.
/// Without a breakdown: the closed waves as grouped bars. With one: the groups of the newest closed wave.
/// The caller has decided who may see it.
/// </summary>
public sealed class QuestionChart(LabDbContext db, SurveyResults results, SmallGroups smallGroups, Strings strings)
{
    /// <summary>Null when there is nothing to draw: an unknown or free-text question, no closed wave, or an undeclared breakdown.</summary>
    public async Task<byte[]?> PngAsync(long questionId, int slot, string lang, CancellationToken ct)
    {
        var question = await db.SurveyQuestions().AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null || question.Kind == QuestionKind.FreeText) return null;
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == question.SurveyId && w.Status == WaveStatus.Closed)
            .OrderBy(w => w.Number).Select(w => w.Id).ToListAsync(ct);
        var figures = await results.QuestionAsync(question.Id, waves, slot, ct);
        if (figures is not { Count: > 0 }) return null;

        var k = smallGroups.MinGroupSize;
        var words = new ChartWords(strings.Get(lang, "surveysResults.chart.percent"),
            strings.Format(lang, "surveysResults.chart.fewerThan", k), strings.Get(lang, "surveysResults.chart.withheld"));
        var series = slot == 0
            ? figures.Select(w => new ChartSeries(strings.Format(lang, "surveysResults.wave", w.Wave.Number), w.Figures.Overall.Options, !w.Figures.Overall.Shown)).ToList()
            : figures[^1].Figures.Groups.Select(g => new ChartSeries(Label(g.Label, lang), g.Options, !g.Shown)).ToList();
        return ResultsChart.Png(QuestionTable.Categories(question), series, words);
    }

    private string Label(string label, string lang) =>
        label.Length > 0 ? CardText.Plain(label, 40) : strings.Get(lang, "surveysResults.breakdownNone");
}
