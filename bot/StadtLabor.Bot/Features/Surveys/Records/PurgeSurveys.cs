using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Surveys.Records;

/// <summary>
/// Surveys (Privacy:Retention:Surveys, two years by default), counted from a wave's close: its answers (responses and
/// values), who was invited and who had not answered are deleted; once the survey's last wave expired, its export log
/// goes too. The survey and its waves stay (title, questions, dates: no person, no answer), so the innovation
/// department sees that the answers are gone rather than a survey vanishing. Drafts of a closed wave go at once
/// whatever the retention (the close deletes them; this is the safety net): an unsent draft names its person and can
/// no longer be sent. Closed waves whose answers were not rewritten after the close are rewritten
/// (<see cref="ShuffleAnswers"/>), also a safety net.
/// </summary>
public sealed class PurgeSurveys(LabDbContext db) : IRetentionPolicy
{
    // 730 days: the cards say "2 Jahre" (Wording.Duration counts years of 365 days).
    public const int TwoYears = 2 * 365;

    public string Kind => "Surveys";

    public int DefaultDays => TwoYears;

    public async Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        var closed = db.SurveyWaves().Where(w => w.Status == WaveStatus.Closed);
        var rows = await db.SurveyDrafts().Where(d => closed.Any(w => w.Id == d.WaveId)).ExecuteDeleteAsync(ct);
        // Safety net as for the drafts: the close rewrites its answers (ShuffleAnswers); a wave closed by a run
        // cut short is rewritten here. Waves whose answers expire below need no rewrite.
        foreach (var waveId in await closed.Where(w => w.ClosedAtUtc == null || w.ClosedAtUtc >= cutoffUtc).Select(w => w.Id).ToListAsync(ct))
            await ShuffleAnswers.RunAsync(db, waveId, ct);

        var expired = closed.Where(w => w.ClosedAtUtc != null && w.ClosedAtUtc < cutoffUtc);
        // Spelled out rather than left to ON DELETE CASCADE: the same on both databases, counted, and a run cut short
        // is finished by the next.
        rows += await db.SurveyValues().Where(v => expired.Any(w => w.Id == v.WaveId)).ExecuteDeleteAsync(ct);
        rows += await db.SurveyResponses().Where(r => expired.Any(w => w.Id == r.WaveId)).ExecuteDeleteAsync(ct);
        rows += await db.SurveyPending().Where(p => expired.Any(w => w.Id == p.WaveId)).ExecuteDeleteAsync(ct);
        rows += await db.SurveyInvitees().Where(i => expired.Any(w => w.Id == i.WaveId)).ExecuteDeleteAsync(ct);

        // The log of who exported a survey's answers lives as long as the answers: until its last wave expired.
        var done = db.Surveys().Where(s => db.SurveyWaves().Any(w => w.SurveyId == s.Id)
            && !db.SurveyWaves().Any(w => w.SurveyId == s.Id && (w.Status != WaveStatus.Closed || w.ClosedAtUtc == null || w.ClosedAtUtc >= cutoffUtc)));
        rows += await db.SurveyExports().Where(x => done.Any(s => s.Id == x.SurveyId)).ExecuteDeleteAsync(ct);
        return rows;
    }
}
