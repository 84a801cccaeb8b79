using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// The aggregated results as a table: every question × closed wave × (no breakdown and each declared breakdown), per
/// group a row with its count and mean, then a row per answer category with count and percent. Every figure is
/// SurveyResults' (nothing counted here), and every withheld one is a row with the reason instead of a number.
/// Free text only overall and only as the texts SurveyResults shows (from Privacy:MinFreeTextSize, never by group).
/// One sheet with a wave column: waves then sort and filter side by side in Excel like any other column.
/// </summary>
public sealed class ResultsFile(LabDbContext db, SurveyResults results, SmallGroups smallGroups, Strings strings)
{
    private const string Lang = Strings.German;
    private static readonly CultureInfo Culture = Strings.Culture(Strings.German);
    private static readonly string[] Columns = ["question", "wave", "breakdown", "group", "answer", "count", "percent", "mean", "note"];

    public async Task<(IReadOnlyList<string> Header, List<IReadOnlyList<string>> Rows)> BuildAsync(long surveyId, CancellationToken ct)
    {
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ToListAsync(ct);
        var waveIds = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId && w.Status == WaveStatus.Closed)
            .OrderBy(w => w.Number).Select(w => w.Id).ToListAsync(ct);
        var breakdowns = questions.Where(q => q.IsBreakdown).OrderBy(q => q.BreakdownSlot).ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var q in questions)
        {
            IEnumerable<int> slots = q.Kind == QuestionKind.FreeText ? [0] : [0, .. breakdowns.Select(b => b.BreakdownSlot)];
            foreach (var slot in slots)
            {
                var byWave = await results.QuestionAsync(q.Id, waveIds, slot, ct) ?? [];
                var view = slot == 0 ? Word("noBreakdown") : breakdowns.Single(b => b.BreakdownSlot == slot).Text;
                foreach (var (wave, figures) in byWave)
                {
                    string[] Start(string group) => [Question(q), wave.Number.ToString(CultureInfo.InvariantCulture), view, group];
                    if (q.Kind == QuestionKind.FreeText)
                    {
                        AddTexts(rows, Start(Word("all")), figures.Texts);
                        continue;
                    }
                    AddGroup(rows, Start(Word("all")), figures.Overall);
                    foreach (var g in figures.Groups) AddGroup(rows, Start(g.Label.Length > 0 ? g.Label : Word("noGroup")), g);
                }
            }
        }
        return ([.. Columns.Select(c => Word("column." + c))], rows);
    }

    private static string Question(SurveyQuestion q) => q.Position.ToString(CultureInfo.InvariantCulture) + ". " + q.Text;

    private void AddGroup(List<IReadOnlyList<string>> rows, string[] start, GroupFigures g)
    {
        rows.Add([.. start, Word("total"), Count(g.People), "", g.Mean is { } m ? m.ToString("0.00", Culture) : "", Note(g.Why, smallGroups.MinGroupSize)]);
        foreach (var o in g.Options)
            rows.Add([.. start, o.Label, Count(o.Count), o.Percent is { } p ? p.ToString("0.0", Culture) : "", "", Note(o.Why, smallGroups.MinGroupSize)]);
    }

    private void AddTexts(List<IReadOnlyList<string>> rows, string[] start, TextFigure? texts)
    {
        if (texts is not { Shown: true })
        {
            rows.Add([.. start, Word("freeText"), "", "", "", Note(texts?.Why ?? Withheld.TooFew, smallGroups.MinFreeTextSize)]);
            return;
        }
        foreach (var text in texts.Texts) rows.Add([.. start, text, "", "", "", ""]);
    }

    private static string Count(int? n) => n is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";

    private string Note(Withheld why, int threshold) => why switch
    {
        Withheld.None => "",
        Withheld.TooFew => strings.Format(Lang, "surveysExport.reason.tooFew", threshold),
        _ => Word("reason.protected"),
    };

    private string Word(string key) => strings.Get(Lang, "surveysExport." + key);
}
