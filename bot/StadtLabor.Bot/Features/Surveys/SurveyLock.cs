using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// Every change of a survey by the innovation department (questions, audience, dates, start, close, extend, new wave,
/// publish, delete) runs under a lock on its row, taken by a write (Version + 1): on PostgreSQL the UPDATE holds the
/// row until commit, on SQLite the transaction holds the database's write lock. Management cards carry the version
/// they showed; compare it with <see cref="LockedSurvey.VersionBefore"/> and refuse a stale change with the fresh card.
/// Answering does NOT take this lock (hundreds answer at once); <see cref="SurveySubmission"/> reads the wave's status
/// with a shared row lock instead, so a close waits for answers in flight and none lands after it.
/// </summary>
/// <example>
/// <code>
/// await using var locked = await SurveyLock.EnterAsync(db, surveyId, ct);
/// if (locked is null) return ...;                    // no such survey
/// if (locked.VersionBefore != versionOnTheCard) ...   // someone else changed it: show the new state, change nothing
/// locked.Survey.Title = ...; waves, outbox rows ...
/// await locked.CommitAsync(ct);                      // save and commit; leaving without it rolls back
/// </code>
/// </example>
public static class SurveyLock
{
    public static async Task<LockedSurvey?> EnterAsync(LabDbContext db, long surveyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Rows read before the lock may be stale by now; everything that decides is read again under it.
        db.ChangeTracker.Clear();
        var tx = await LabTransaction.BeginAsync(db, ct);
        try
        {
            var locked = await db.Surveys().Where(s => s.Id == surveyId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct) == 1;
            if (!locked)
            {
                await tx.DisposeAsync();
                return null;
            }
            var survey = await db.Surveys().SingleAsync(s => s.Id == surveyId, ct);
            return new LockedSurvey(db, tx, survey);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A survey this unit of work may change; disposing without <see cref="CommitAsync"/> rolls back (and the version with it).</summary>
public sealed class LockedSurvey(LabDbContext db, LabTransaction tx, Survey survey) : IAsyncDisposable
{
    /// <summary>Tracked: changes are saved with the rest. Its Version is already raised.</summary>
    public Survey Survey => survey;

    /// <summary>The version a card showed before this change: compare the card's version with it.</summary>
    public int VersionBefore => survey.Version - 1;

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => tx.DisposeAsync();
}
