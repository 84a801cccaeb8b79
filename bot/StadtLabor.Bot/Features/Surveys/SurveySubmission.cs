using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys;

public enum SubmitOutcome
{
    /// <summary>Stored unlinked; the draft is gone.</summary>
    Stored,

    /// <summary>This person has answered already (a second click, a re-delivery): nothing changed.</summary>
    AlreadyAnswered,

    /// <summary>Not invited to this wave.</summary>
    NotInvited,

    /// <summary>The wave is not running (not started, closed, or deleted).</summary>
    NotRunning,

    /// <summary>Answers missing or invalid: see the errors; nothing changed.</summary>
    Invalid,
}

public sealed record SubmitResult(SubmitOutcome Outcome, IReadOnlyDictionary<long, string> Errors);

/// <summary>
/// THE one way an answer is stored. In one transaction: the person's <see cref="SurveyPending"/> row is deleted (the
/// only trace that they answered; a second "Absenden" finds none and changes nothing), a random empty slot is filled
/// with the answers (<see cref="ResponseSlots"/>) and, on PostgreSQL, rewritten together with other filled slots
/// (<see cref="ShuffleAnswers.MixAsync"/>: PostgreSQL's rows record which was written last), the draft is deleted.
/// No outbox row, no log line, no time is written: anything that recorded when this person answered could be matched
/// against the answers.
/// The wave's row is read with a shared lock (PostgreSQL FOR SHARE; SQLite's write lock covers it), so closing waits
/// for answers in flight and no answer arrives after the close (results could otherwise change after they were seen,
/// and the difference would be one person's answer).
/// </summary>
public sealed class SurveySubmission(LabDbContext db, IOptions<SurveysOptions> options)
{
    public async Task<SubmitResult> SubmitAsync(LabUser person, long waveId, IReadOnlyDictionary<long, string> raw, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(raw);
        var wave = await db.SurveyWaves().AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave is null) return new SubmitResult(SubmitOutcome.NotRunning, Empty);
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == wave.SurveyId).OrderBy(q => q.Position).ToListAsync(ct);
        var (values, errors) = SurveyAnswers.CheckAll(questions, raw);

        await using var tx = await LabTransaction.BeginAsync(db, ct);
        if (!await RunningAsync(waveId, ct)) return new SubmitResult(SubmitOutcome.NotRunning, Empty);
        var invited = await db.SurveyInvitees().AnyAsync(i => i.WaveId == waveId && i.UserAadObjectId == person.AadObjectId, ct);
        if (!invited) return new SubmitResult(SubmitOutcome.NotInvited, Empty);
        if (errors.Count > 0)
        {
            var pending = await db.SurveyPending().AnyAsync(p => p.WaveId == waveId && p.UserAadObjectId == person.AadObjectId, ct);
            return pending ? new SubmitResult(SubmitOutcome.Invalid, errors) : new SubmitResult(SubmitOutcome.AlreadyAnswered, Empty);
        }

        // The decision: exactly one of three simultaneous clicks deletes the row (the others wait for its lock and find none).
        var deleted = await db.SurveyPending().Where(p => p.WaveId == waveId && p.UserAadObjectId == person.AadObjectId).ExecuteDeleteAsync(ct);
        if (deleted == 0) return new SubmitResult(SubmitOutcome.AlreadyAnswered, Empty);

        var slot = await ResponseSlots.ClaimAsync(db, waveId, questions, values, ct);
        await ShuffleAnswers.MixAsync(db, waveId, slot, options.Value.MixOnSubmit, ct);
        await db.SurveyDrafts().Where(d => d.WaveId == waveId && d.UserAadObjectId == person.AadObjectId).ExecuteDeleteAsync(ct);
        await Lifecycle.Jobs.RemindPending.WithdrawAsync(db, waveId, person.AadObjectId, ct); // a reminder still waiting to go out would now be wrong
        await tx.CommitAsync(ct);
        return new SubmitResult(SubmitOutcome.Stored, Empty);
    }

    private async Task<bool> RunningAsync(long waveId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var status = await db.Database
                .SqlQuery<int>($"""SELECT "Status" AS "Value" FROM survey_waves WHERE "Id" = {waveId} FOR SHARE""")
                .ToListAsync(ct);
            return status is [(int)WaveStatus.Running];
        }
        return await db.SurveyWaves().AnyAsync(w => w.Id == waveId && w.Status == WaveStatus.Running, ct);
    }

    private static readonly IReadOnlyDictionary<long, string> Empty = new Dictionary<long, string>();
}
