using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>Where a person stands with a wave they were invited to.</summary>
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
/// The waves a person was invited to, as far as they may see them: open ones, ones they answered while they run
/// ("answered" is the invitation without its pending row, the only trace), and closed ones with a published summary.
/// Nothing about results: those are the summary's (surveys.summary).
/// </summary>
public sealed class MySurveys(LabDbContext db)
{
    public async Task<IReadOnlyList<MySurvey>> ForAsync(string user, CancellationToken ct)
    {
        var waves = await (from i in db.SurveyInvitees().AsNoTracking()
                           join w in db.SurveyWaves().AsNoTracking() on i.WaveId equals w.Id
                           join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                           where i.UserAadObjectId == user && (w.Status == WaveStatus.Running || (w.Status == WaveStatus.Closed && w.SummaryPublished))
                           select new { w.Id, w.Number, w.SurveyId, s.Title, w.Status, w.ClosesOn, w.ClosedAtUtc })
            .ToListAsync(ct);
        if (waves.Count == 0) return [];
        var ids = waves.Select(w => w.Id).ToList();
        var surveyIds = waves.Select(w => w.SurveyId).Distinct().ToList();
        var pending = (await db.SurveyPending().AsNoTracking().Where(p => p.UserAadObjectId == user && ids.Contains(p.WaveId))
            .Select(p => p.WaveId).ToListAsync(ct)).ToHashSet();
        var drafts = await db.SurveyDrafts().AsNoTracking().Where(d => d.UserAadObjectId == user && ids.Contains(d.WaveId))
            .ToDictionaryAsync(d => d.WaveId, d => d.Page, ct);
        var counts = await db.SurveyQuestions().AsNoTracking().Where(q => surveyIds.Contains(q.SurveyId))
            .GroupBy(q => q.SurveyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. waves.Select(w => new MySurvey(w.Id, w.Number, w.Title,
                w.Status == WaveStatus.Closed ? MySurveyState.Published : pending.Contains(w.Id) ? MySurveyState.Open : MySurveyState.Answered,
                w.ClosesOn, w.ClosedAtUtc, drafts.TryGetValue(w.Id, out var page) ? page : null, counts.GetValueOrDefault(w.SurveyId)))
            .OrderBy(w => w.ClosesOn).ThenBy(w => w.WaveId)];
    }
}
