using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Records;

/// <summary>
/// After a wave closed, its answers are written once more: new random ids, in random order, all in one transaction,
/// and the empty slots dropped. Why: PostgreSQL records the order of writes in every row, in the transaction id that
/// wrote it (xmin) and in where the new row version lands on its page (ctid). While a wave runs, someone who can read
/// the database and knows the order in which people answered (e.g. from message times in Teams) can match the two
/// (the attacker test measures it). Rewritten in one transaction, every answer has the same xmin and a position that
/// says nothing; the new ids cannot be joined to a copy taken before. SQLite updates a slot in place (its rowid stays
/// where the shuffle put it), so there it only tidies the empty slots. The old row versions stay in PostgreSQL's
/// files until VACUUM (docs/umfragen-personalrat.md says what an operator can do).
/// Idempotent: a wave with no empty slot whose answers all come from one transaction is left alone.
/// </summary>
public static class ShuffleClosedAnswers
{
    /// <returns>The number of answers rewritten (0 when the wave is not closed or was rewritten already).</returns>
    public static async Task<int> RunAsync(LabDbContext db, long waveId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        if (!await db.SurveyWaves().AnyAsync(w => w.Id == waveId && w.Status == WaveStatus.Closed, ct)) return 0;
        if (!await NeededAsync(db, waveId, ct)) return 0;

        var responses = await db.SurveyResponses().AsNoTracking().Where(r => r.WaveId == waveId && r.Filled).ToListAsync(ct);
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
                db.SurveyResponses().Add(new SurveyResponse { Id = id, WaveId = waveId, Filled = true, Group1 = r.Group1, Group2 = r.Group2, Group3 = r.Group3, Group4 = r.Group4 });
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
        return shuffled.Length;
    }

    private static async Task<bool> NeededAsync(LabDbContext db, long waveId, CancellationToken ct)
    {
        if (await db.SurveyResponses().AnyAsync(r => r.WaveId == waveId && !r.Filled, ct)) return true;
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
