using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>Where a person stands with a wave they may see.</summary>
public enum MySurveyState
{
    /// <summary>Running, not answered yet (maybe begun: <see cref="MySurvey.DraftPage"/>).</summary>
    Open,

    /// <summary>Running, answered.</summary>
    Answered,

    /// <summary>Closed, and the innovation department published a summary for all staff.</summary>
    Published,
}

public sealed record MySurvey(long WaveId, int WaveNumber, string Title, MySurveyState State, DateOnly ClosesOn, DateTime? ClosedAtUtc,
    int? DraftPage, int QuestionCount);

/// <summary>
/// The waves a person may see in "umfragen": running ones they were invited to (open, or answered: "answered" is the
/// invitation without its pending row, the only trace), and every closed wave whose summary the innovation department
/// published, whether or not the person was invited (published means "to all staff", so such a row says nothing about
/// the person). Nothing about results: those are the summary's (surveys.summary, the same suppression).
/// </summary>
public sealed class MySurveys(LabDbContext db)
{
    public async Task<IReadOnlyList<MySurvey>> ForAsync(string user, CancellationToken ct)
    {
        var running = await (from i in db.SurveyInvitees().AsNoTracking()
                             join w in db.SurveyWaves().AsNoTracking() on i.WaveId equals w.Id
                             join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                             where i.UserAadObjectId == user && w.Status == WaveStatus.Running
                             select new { w.Id, w.Number, w.SurveyId, s.Title, w.ClosesOn })
            .ToListAsync(ct);
        var published = await (from w in db.SurveyWaves().AsNoTracking()
                               join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                               where w.Status == WaveStatus.Closed && w.SummaryPublished
                               select new MySurvey(w.Id, w.Number, s.Title, MySurveyState.Published, w.ClosesOn, w.ClosedAtUtc, null, 0))
            .ToListAsync(ct);
        if (running.Count == 0) return [.. published.OrderBy(w => w.ClosesOn).ThenBy(w => w.WaveId)];
        var ids = running.Select(w => w.Id).ToList();
        var surveyIds = running.Select(w => w.SurveyId).Distinct().ToList();
        var pending = (await db.SurveyPending().AsNoTracking().Where(p => p.UserAadObjectId == user && ids.Contains(p.WaveId))
            .Select(p => p.WaveId).ToListAsync(ct)).ToHashSet();
        var drafts = await db.SurveyDrafts().AsNoTracking().Where(d => d.UserAadObjectId == user && ids.Contains(d.WaveId))
            .ToDictionaryAsync(d => d.WaveId, d => d.Page, ct);
        var counts = await db.SurveyQuestions().AsNoTracking().Where(q => surveyIds.Contains(q.SurveyId))
            .GroupBy(q => q.SurveyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. running.Select(w => new MySurvey(w.Id, w.Number, w.Title, pending.Contains(w.Id) ? MySurveyState.Open : MySurveyState.Answered,
                w.ClosesOn, null, drafts.TryGetValue(w.Id, out var page) ? page : null, counts.GetValueOrDefault(w.SurveyId)))
            .Concat(published)
            .OrderBy(w => w.ClosesOn).ThenBy(w => w.WaveId)];
    }
}
