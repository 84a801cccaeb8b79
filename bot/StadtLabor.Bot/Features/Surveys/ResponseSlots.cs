using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// The one owner of where answers are stored. When invitations go out, it lays one empty response per invitee (and
/// its value rows, one per question) with random ids, in random order; "Absenden" fills one empty slot picked at
/// random (<see cref="ClaimAsync"/>). A database dump therefore lists answers in the order the slots were shuffled
/// into, never in the order people answered, which a log of who clicked when could otherwise be matched against.
/// Filling updates the slot's rows in place. SQLite keeps the row where it is and records no write order. PostgreSQL
/// writes a new row version stamped with the transaction (xmin) and places it in the file (the tables have a low
/// fillfactor so it stays on its page), which together say which slot was filled last: so there "Absenden" then
/// rewrites the filled slots together (<see cref="ShuffleAnswers.MixAsync"/>), and empty slots keep their ids and places.
/// </summary>
public static class ResponseSlots
{
    /// <summary>Adds <paramref name="count"/> empty slots to the wave (call it in the transaction that invites the same number of people).</summary>
    public static async Task AddAsync(LabDbContext db, long waveId, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (count <= 0) return;
        var surveyId = await db.SurveyWaves().Where(w => w.Id == waveId).Select(w => w.SurveyId).SingleAsync(ct);
        var questions = await db.SurveyQuestions().Where(q => q.SurveyId == surveyId).Select(q => q.Id).ToListAsync(ct);
        // Random ids, and the rows written in an order that has nothing to do with anyone.
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        RandomNumberGenerator.Shuffle(ids.AsSpan());
        foreach (var chunk in ids.Chunk(200))
        {
            foreach (var id in chunk)
            {
                db.SurveyResponses().Add(new SurveyResponse { Id = id, WaveId = waveId });
                foreach (var q in questions) db.SurveyValues().Add(new SurveyValue { ResponseId = id, QuestionId = q, WaveId = waveId });
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Fills a random empty slot of the wave with these answers (already validated) and returns its id. Another answer
    /// claiming the same slot at the same moment makes the conditional update miss: it tries another one. Without any
    /// empty slot left (more answers than invitees: should not happen) a new slot is added.
    /// </summary>
    public static async Task<Guid> ClaimAsync(LabDbContext db, long waveId, IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyDictionary<long, AnswerValue> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answers);
        var groups = new int?[5];
        foreach (var q in questions.Where(q => q.IsBreakdown))
            groups[q.BreakdownSlot] = answers.TryGetValue(q.Id, out var a) ? a.Choice : null;

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var slot = await db.SurveyResponses().Where(r => r.WaveId == waveId && !r.Filled)
                .OrderBy(r => EF.Functions.Random()).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
            if (slot is null)
            {
                await AddAsync(db, waveId, 1, ct);
                continue;
            }
            var id = slot.Value;
            var claimed = await db.SurveyResponses().Where(r => r.Id == id && !r.Filled)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Filled, true)
                    .SetProperty(r => r.Group1, groups[1]).SetProperty(r => r.Group2, groups[2])
                    .SetProperty(r => r.Group3, groups[3]).SetProperty(r => r.Group4, groups[4]), ct);
            if (claimed != 1) continue;

            foreach (var q in questions)
            {
                answers.TryGetValue(q.Id, out var a);
                var questionId = q.Id;
                var updated = await db.SurveyValues().Where(v => v.ResponseId == id && v.QuestionId == questionId)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.Choice, a == null ? null : a.Choice)
                        .SetProperty(v => v.Number, a == null ? null : a.Number)
                        .SetProperty(v => v.Text, a == null ? null : a.Text)
                        .SetProperty(v => v.Group1, groups[1]).SetProperty(v => v.Group2, groups[2])
                        .SetProperty(v => v.Group3, groups[3]).SetProperty(v => v.Group4, groups[4]), ct);
                if (updated == 0)
                {
                    // A question added after the slots were laid (not possible once a wave runs; kept safe anyway).
                    db.SurveyValues().Add(new SurveyValue
                    {
                        ResponseId = id, QuestionId = questionId, WaveId = waveId, Choice = a?.Choice, Number = a?.Number, Text = a?.Text,
                        Group1 = groups[1], Group2 = groups[2], Group3 = groups[3], Group4 = groups[4],
                    });
                    await db.SaveChangesAsync(ct);
                }
            }
            return id;
        }
        throw new InvalidOperationException("No free answer slot could be claimed.");
    }
}
