using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// The one owner of rewriting answer slots: deleted and written once more with new random ids, in random order, in one
/// transaction. Why: PostgreSQL records the order of writes in every row, in the transaction id that wrote it (xmin)
/// and in where the new row version lands in the table's file (ctid). Someone who can read the live database and knows
/// the order in which people answered (e.g. from message times in Teams) could match the two (the attacker test
/// measures it). Rewritten together, the rows share one xmin and take places that say nothing, and the new ids cannot be
/// joined to a copy taken before.
/// Three occasions: every "Absenden" on PostgreSQL (<see cref="MixAsync"/>: the new answer with the other filled slots,
/// up to Surveys:MixOnSubmit of them, so the latest answer hides among them), every night for running waves (all
/// slots, empty ones kept and shuffled among the filled ones) and at the close (empty slots dropped).
/// SQLite updates a slot in place (its rowid stays where the shuffle put it) and has no write order in its rows, so
/// there submits and running waves are left alone and a closed one only loses its empty slots. The old row versions
/// stay in PostgreSQL's files until VACUUM (docs/umfragen-personalrat.md says what an operator can do).
/// Locks: the nightly and closing run takes the wave's row first (an UPDATE), so answers in flight (SurveySubmission
/// reads the wave FOR SHARE) finish before and new ones wait until the rewrite is committed: none is read before and
/// lost in the rewrite, and no id a claim picked changes under it. Submits of one wave mix one after the other (an
/// advisory lock on the wave), each reading the slots after the previous mix committed.
/// </summary>
public static class ShuffleAnswers
{
    /// <summary>The nightly and closing rewrite of a whole wave. Idempotent: a wave with nothing to tidy whose slots all come from one transaction is left alone.</summary>
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

        if (closed)
        {
            await db.SurveyValues().Where(v => v.WaveId == waveId && db.SurveyResponses().Any(r => r.Id == v.ResponseId && !r.Filled)).ExecuteDeleteAsync(ct);
            await db.SurveyResponses().Where(r => r.WaveId == waveId && !r.Filled).ExecuteDeleteAsync(ct);
        }
        var all = await db.SurveyResponses().Where(r => r.WaveId == waveId).Select(r => r.Id).ToListAsync(ct);
        var rewritten = await RewriteAsync(db, waveId, all, ct);
        await tx.CommitAsync(ct);
        return rewritten;
    }

    /// <summary>
    /// At "Absenden", in its transaction, after the slot <paramref name="answered"/> was filled: on PostgreSQL that slot
    /// and the wave's other filled slots (all while there are fewer than <paramref name="size"/>, else a random
    /// <paramref name="size"/> − 1 of them) are rewritten together, so neither xmin nor the place in the file says
    /// which answer came last. Empty slots stay as they are (claims pick among them). 0 switches it off.
    /// </summary>
    public static async Task MixAsync(LabDbContext db, long waveId, Guid answered, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (size <= 0 || !db.Database.IsNpgsql()) return;
        // One mix per wave at a time, and the sample read after the lock: a concurrent mix has committed its new ids by
        // then (read committed), so no slot is read under an id that another mix already deleted and written again.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"surveys.mix:" + waveId}, 0))", ct);
        var others = await db.SurveyResponses().Where(r => r.WaveId == waveId && r.Filled && r.Id != answered)
            .OrderBy(r => EF.Functions.Random()).Take(size - 1).Select(r => r.Id).ToListAsync(ct);
        await RewriteAsync(db, waveId, [answered, .. others], ct);
    }

    /// <summary>Deletes these slots of the wave (responses and values) and writes them again with new ids in random order.</summary>
    /// <returns>The number of filled slots among them.</returns>
    private static async Task<int> RewriteAsync(LabDbContext db, long waveId, List<Guid> ids, CancellationToken ct)
    {
        var responses = await db.SurveyResponses().AsNoTracking().Where(r => r.WaveId == waveId && ids.Contains(r.Id)).ToListAsync(ct);
        var values = (await db.SurveyValues().AsNoTracking().Where(v => v.WaveId == waveId && ids.Contains(v.ResponseId)).ToListAsync(ct))
            .ToLookup(v => v.ResponseId);
        await db.SurveyValues().Where(v => v.WaveId == waveId && ids.Contains(v.ResponseId)).ExecuteDeleteAsync(ct);
        await db.SurveyResponses().Where(r => r.WaveId == waveId && ids.Contains(r.Id)).ExecuteDeleteAsync(ct);

        var shuffled = responses.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        var newResponses = new List<SurveyResponse>(shuffled.Length);
        var newValues = new List<SurveyValue>();
        foreach (var r in shuffled)
        {
            var id = Guid.NewGuid();
            newResponses.Add(new SurveyResponse { Id = id, WaveId = waveId, Filled = r.Filled, Group1 = r.Group1, Group2 = r.Group2, Group3 = r.Group3, Group4 = r.Group4 });
            newValues.AddRange(values[r.Id].Select(v => new SurveyValue
            {
                ResponseId = id, QuestionId = v.QuestionId, WaveId = waveId, Choice = v.Choice, Number = v.Number, Text = v.Text,
                Group1 = v.Group1, Group2 = v.Group2, Group3 = v.Group3, Group4 = v.Group4,
            }));
        }
        if (db.Database.IsNpgsql()) await InsertPostgresAsync(db, waveId, newResponses, newValues, ct);
        else await InsertAsync(db, newResponses, newValues, ct);
        return shuffled.Count(r => r.Filled);
    }

    /// <summary>
    /// One INSERT per table from arrays, rows in the order given: a submit rewrites ~1,200 rows (100 answers of 11
    /// questions), which one statement per row made cost seconds (one execution each).
    /// </summary>
    private static async Task InsertPostgresAsync(LabDbContext db, long waveId, List<SurveyResponse> responses, List<SurveyValue> values, CancellationToken ct)
    {
        var (ids, filled) = (responses.Select(r => r.Id).ToArray(), responses.Select(r => r.Filled).ToArray());
        int?[] Groups(Func<SurveyResponse, int?> g) => [.. responses.Select(g)];
        var (g1, g2, g3, g4) = (Groups(r => r.Group1), Groups(r => r.Group2), Groups(r => r.Group3), Groups(r => r.Group4));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO survey_responses ("Id", "WaveId", "Filled", "Group1", "Group2", "Group3", "Group4")
            SELECT u.id, {waveId}, u.filled, u.g1, u.g2, u.g3, u.g4 FROM unnest({ids}, {filled}, {g1}, {g2}, {g3}, {g4}) AS u(id, filled, g1, g2, g3, g4)
            """, ct);
        int?[] Ints(Func<SurveyValue, int?> f) => [.. values.Select(f)];
        var (responseIds, questionIds, texts) = (values.Select(v => v.ResponseId).ToArray(), values.Select(v => v.QuestionId).ToArray(), values.Select(v => v.Text).ToArray());
        var (choices, numbers) = (Ints(v => v.Choice), Ints(v => v.Number));
        var (v1, v2, v3, v4) = (Ints(v => v.Group1), Ints(v => v.Group2), Ints(v => v.Group3), Ints(v => v.Group4));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO survey_values ("ResponseId", "QuestionId", "WaveId", "Choice", "Number", "Text", "Group1", "Group2", "Group3", "Group4")
            SELECT u.r, u.q, {waveId}, u.c, u.n, u.t, u.g1, u.g2, u.g3, u.g4
            FROM unnest({responseIds}, {questionIds}, {choices}, {numbers}, {texts}, {v1}, {v2}, {v3}, {v4}) AS u(r, q, c, n, t, g1, g2, g3, g4)
            """, ct);
    }

    private static async Task InsertAsync(LabDbContext db, List<SurveyResponse> responses, List<SurveyValue> values, CancellationToken ct)
    {
        var byResponse = values.ToLookup(v => v.ResponseId);
        foreach (var chunk in responses.Chunk(200))
        {
            var added = new List<object>(chunk);
            foreach (var r in chunk) added.AddRange(byResponse[r.Id]);
            db.AddRange(added);
            await db.SaveChangesAsync(ct);
            // Only these rows leave the change tracker: a submit runs inside a turn that may track its own.
            foreach (var row in added) db.Entry(row).State = EntityState.Detached;
        }
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
