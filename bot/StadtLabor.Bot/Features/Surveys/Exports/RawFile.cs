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
/// Which grouping columns stay is <see cref="RawAnonymity"/>'s decision per wave; a wave under k is left out whole.
/// </summary>
public sealed class RawFile(LabDbContext db, SmallGroups smallGroups, Strings strings)
{
    private const string Lang = Strings.German;

    public sealed record Outcome(IReadOnlyList<string> Header, List<IReadOnlyList<string>> Rows, int Dropped, int Generalised);

    public async Task<Outcome> BuildAsync(long surveyId, bool freeTextToPartner, CancellationToken ct)
    {
        var k = smallGroups.MinGroupSize;
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ToListAsync(ct);
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId && w.Status == WaveStatus.Closed)
            .OrderBy(w => w.Number).ToListAsync(ct);
        var grouping = RawRows.Grouping(questions);

        var header = new List<string> { Word("column.wave") };
        header.AddRange(RawRows.Columns(questions, freeTextToPartner).Select(q => q.Position.ToString(CultureInfo.InvariantCulture) + ". " + q.Text));
        var rows = new List<IReadOnlyList<string>>();
        int dropped = 0, generalised = 0;
        foreach (var wave in waves)
        {
            var answers = await LoadAsync(wave.Id, grouping, ct);
            var (waveRows, plan) = RawRows.Wave(wave.Number, questions, freeTextToPartner, answers, k, Word("noGroup"), Random.Shared);
            rows.AddRange(waveRows);
            dropped += plan.Dropped;
            generalised += plan.KeptColumns.Count(c => !c);
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

    private string Word(string key) => strings.Get(Lang, "surveysExport." + key);
}
