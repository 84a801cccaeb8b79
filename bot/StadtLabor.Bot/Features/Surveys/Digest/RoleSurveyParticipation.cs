using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Digest;

/// <summary>A running wave: how many were invited and how many answered so far (null under the minimum group size).</summary>
public sealed record RoleSurveyWave(long SurveyId, string Title, int Wave, DateOnly ClosesOn, int Invited, int? Answers);

/// <summary>
/// The innovation department's weekly digest: participation in the running waves, only through
/// <see cref="SurveyResults.RunningCountAsync"/> (a count from Privacy:MinGroupSize on, never an answer).
/// </summary>
public static class RoleSurveyParticipation
{
    public static async Task<IReadOnlyList<RoleSurveyWave>> LoadAsync(LabDbContext db, SurveyResults results, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(results);
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.Status == WaveStatus.Running)
            .Join(db.Surveys(), w => w.SurveyId, s => s.Id, (w, s) => new { w.Id, w.SurveyId, s.Title, w.Number, w.ClosesOn })
            .OrderBy(w => w.ClosesOn).ThenBy(w => w.Id).ToListAsync(ct);
        var ids = waves.Select(w => w.Id).ToList();
        var invited = (await db.SurveyInvitees().Where(i => ids.Contains(i.WaveId)).GroupBy(i => i.WaveId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var list = new List<RoleSurveyWave>();
        foreach (var w in waves)
            list.Add(new RoleSurveyWave(w.SurveyId, w.Title, w.Number, w.ClosesOn, invited.GetValueOrDefault(w.Id), await results.RunningCountAsync(w.Id, ct)));
        return list;
    }
}
