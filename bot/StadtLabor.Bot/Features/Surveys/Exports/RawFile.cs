using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// The research partner's raw answers: one row per filled answer of each closed wave, in random order within the
/// wave, columns: wave, the grouping answers (declared breakdowns), every other closed answer (choice labels,
/// multiple choice as "Teams; Miro", numbers), and free text only when the survey allows it to go to the partner.
/// Which grouping columns stay and which answers are left out is <see cref="RawAnonymity"/>'s decision per wave, fed
/// with every figure SurveyResults shows about that wave (each closed question, without and with each breakdown).
/// </summary>
public sealed class RawFile(LabDbContext db, SurveyResults results, SmallGroups smallGroups, Strings strings)
{
    private const string Lang = Strings.German;

    public sealed record Outcome(IReadOnlyList<string> Header, List<IReadOnlyList<string>> Rows, int Dropped, int Generalised);

    public async Task<Outcome> BuildAsync(long surveyId, bool freeTextToPartner, CancellationToken ct)
    {
        var k = smallGroups.MinGroupSize;
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ToListAsync(ct);
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId && w.Status == WaveStatus.Closed)
            .OrderBy(w => w.Number).ToListAsync(ct);
        var grouping = questions.Where(q => q.IsBreakdown).OrderBy(q => q.BreakdownSlot).ToList();
        var closed = questions.Where(q => !q.IsBreakdown && q.Kind != QuestionKind.FreeText).ToList();
        var texts = freeTextToPartner ? questions.Where(q => q.Kind == QuestionKind.FreeText).ToList() : [];
        var waveIds = waves.Select(w => w.Id).ToList();

        // What the chat shows, per wave: every closed question, without and with each declared breakdown.
        var shown = waves.ToDictionary(w => w.Id, _ => new List<(QuestionFigures Figures, int Column)>());
        foreach (var q in questions.Where(q => q.Kind != QuestionKind.FreeText))
            for (var column = -1; column < grouping.Count; column++)
                foreach (var (wave, figures) in await results.QuestionAsync(q.Id, waveIds, column < 0 ? 0 : grouping[column].BreakdownSlot, ct) ?? [])
                    shown[wave.Id].Add((figures, column));

        var header = new List<string> { Word("column.wave") };
        header.AddRange(grouping.Concat(closed).Concat(texts).Select(q => q.Position.ToString(CultureInfo.InvariantCulture) + ". " + q.Text));
        var rows = new List<IReadOnlyList<string>>();
        int dropped = 0, generalised = 0;
        foreach (var wave in waves)
        {
            var answers = await LoadAsync(wave.Id, grouping, ct);
            var pieces = new List<ShownPiece> { new([.. Enumerable.Range(0, answers.Count)], []) };
            foreach (var (figures, column) in shown[wave.Id])
                pieces.AddRange(ShownPieces.Of(figures, column, column < 0 ? 0 : grouping[column].OptionList().Count, answers));
            var plan = RawAnonymity.Plan([.. answers.Select(a => a.Groups)], grouping.Count, pieces, k, closed.Count + texts.Count);
            dropped += plan.Dropped;
            generalised += plan.KeptColumns.Count(c => !c);
            var kept = Enumerable.Range(0, answers.Count).Where(i => plan.KeptRows[i]).Select(i => answers[i]);
            foreach (var a in RawAnonymity.Shuffle(kept, Random.Shared))
            {
                var row = new List<string> { wave.Number.ToString(CultureInfo.InvariantCulture) };
                row.AddRange(grouping.Select((q, c) => !plan.KeptColumns[c] ? "*" : Label(q, a.Groups[c])));
                row.AddRange(closed.Select(q => Value(q, a.Values.GetValueOrDefault(q.Id))));
                row.AddRange(texts.Select(q => a.Values.GetValueOrDefault(q.Id)?.Text ?? ""));
                rows.Add(row);
            }
        }
        return new Outcome(header, rows, dropped, generalised);
    }

    private async Task<List<RawAnswer>> LoadAsync(long waveId, IReadOnlyList<SurveyQuestion> grouping, CancellationToken ct)
    {
        var responses = await db.SurveyResponses().AsNoTracking().Where(r => r.WaveId == waveId && r.Filled).ToListAsync(ct);
        var values = (await db.SurveyValues().AsNoTracking().Where(v => v.WaveId == waveId).ToListAsync(ct))
            .ToLookup(v => v.ResponseId);
        return [.. responses.Select(r => new RawAnswer(
            [.. grouping.Select(q => r.Group(q.BreakdownSlot))],
            values[r.Id].ToDictionary(v => v.QuestionId, v => new RawValue(v.Choice, v.Number, v.Text))))];
    }

    private string Label(SurveyQuestion q, int? choice)
    {
        var options = q.OptionList();
        return choice is { } c && c >= 0 && c < options.Count ? options[c] : Word("noGroup");
    }

    private static string Value(SurveyQuestion q, RawValue? v)
    {
        if (v is null) return "";
        var options = q.OptionList();
        return q.Kind switch
        {
            QuestionKind.SingleChoice => v.Choice is { } c && c >= 0 && c < options.Count ? options[c] : "",
            QuestionKind.MultipleChoice => v.Choice is { } mask ? string.Join("; ", options.Where((_, i) => (mask & (1 << i)) != 0)) : "",
            QuestionKind.Scale => v.Choice?.ToString(CultureInfo.InvariantCulture) ?? "",
            QuestionKind.Number => v.Number?.ToString(CultureInfo.InvariantCulture) ?? "",
            _ => "",
        };
    }

    private string Word(string key) => strings.Get(Lang, "surveysExport." + key);
}
