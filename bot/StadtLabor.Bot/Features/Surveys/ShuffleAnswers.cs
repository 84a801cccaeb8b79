using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// Writes a wave's answer slots once more: new random ids, in random order, all in one transaction. Why: PostgreSQL
/// records the order of writes in every row, in the transaction id that wrote it (xmin) and in where the new row
/// version lands on its page (ctid). Someone who can read the live database and knows the order in which people
/// answered (e.g. from message times in Teams) could match the two (the attacker test measures it). Rewritten in one
/// transaction, every slot has the same xmin and a position that says nothing, and the new ids cannot be joined to a
/// copy taken before.
/// It runs when a wave closes (empty slots dropped) and every night for running waves (empty slots kept, shuffled
/// among the filled ones), so at most the order of one day's answers can be read from the system columns: the
/// same granularity as everything else stored about answering (no time finer than the day).
/// SQLite updates a slot in place (its rowid stays where the shuffle put it), so there a running wave is left alone
/// and a closed one only loses its empty slots. The old row versions stay in PostgreSQL's files until VACUUM
/// (docs/umfragen-personalrat.md says what an operator can do).
/// The wave's row is locked first (an UPDATE), so answers in flight (SurveySubmission reads the wave FOR SHARE) finish
/// before and new ones wait until the rewrite is committed: none is read before and lost in the rewrite.
/// Idempotent: a wave with nothing to tidy whose slots all come from one transaction is left alone.
/// </summary>
public static class ShuffleAnswers
{
    /// <returns>The number of answers rewritten (0 when the wave is planned, or there was nothing to do).</returns>
    public static async Task<int> RunAsync(LabDbContext db, long waveId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        // The lock: an UPDATE that changes nothing still takes the row (PostgreSQL) or the write lock (SQLite).
        await db.SurveyWaves().Where(w => w.Id == waveId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, w => w.Status), ct);
        var status = await db.SurveyWaves().Where(w => w.Id == waveId).Select(w => (WaveStatus?)w.Status).SingleOrDefaultAsync(ct);
        if (status is not (WaveStatus.Running or WaveStatus.Closed)) return 0;
        var closed = status == WaveStatus.Closed;
        if (!await NeededAsync(db, waveId, closed, ct)) return 0;

        var responses = await db.SurveyResponses().AsNoTracking().Where(r => r.WaveId == waveId && (r.Filled || !closed)).ToListAsync(ct);
        var values = (await db.SurveyValues().AsNoTracking().Where(v => v.WaveId == waveId).ToListAsync(ct)).ToLookup(v => v.ResponseId);
        await db.SurveyValues().Where(v => v.WaveId == waveId).ExecuteDeleteAsync(ct);
        await db.SurveyResponses().Where(r => r.WaveId == waveId).ExecuteDeleteAsync(ct);

        var shuffled = responses.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        foreach (var chunk in shuffled.Chunk(200))
        {
            foreach (var r in chunk)
            {
                var id = Guid.NewGuid();
                db.SurveyResponses().Add(new SurveyResponse { Id = id, WaveId = waveId, Filled = r.Filled, Group1 = r.Group1, Group2 = r.Group2, Group3 = r.Group3, Group4 = r.Group4 });
                foreach (var v in values[r.Id])
                {
                    db.SurveyValues().Add(new SurveyValue
                    {
                        ResponseId = id, QuestionId = v.QuestionId, WaveId = waveId, Choice = v.Choice, Number = v.Number, Text = v.Text,
                        Group1 = v.Group1, Group2 = v.Group2, Group3 = v.Group3, Group4 = v.Group4,
                    });
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
        return shuffled.Count(r => r.Filled);
    }

    private static async Task<bool> NeededAsync(LabDbContext db, long waveId, bool closed, CancellationToken ct)
    {
        if (closed && await db.SurveyResponses().AnyAsync(r => r.WaveId == waveId && !r.Filled, ct)) return true;
        if (!db.Database.IsNpgsql()) return false;
        var writers = await db.Database
            .SqlQuery<long>($"""SELECT count(DISTINCT xmin::text) AS "Value" FROM survey_responses WHERE "WaveId" = {waveId}""")
            .ToListAsync(ct);
        var valueWriters = await db.Database
            .SqlQuery<long>($"""SELECT count(DISTINCT xmin::text) AS "Value" FROM survey_values WHERE "WaveId" = {waveId}""")
            .ToListAsync(ct);
        return writers is [> 1] || valueWriters is [> 1];
    }
}
