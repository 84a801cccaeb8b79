using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Digest;

/// <summary>A running wave; <see cref="Answers"/> is null under the minimum group size.</summary>
public sealed record OpenSurvey(long SurveyId, long WaveId, string Title, DateOnly ClosesOn, int? Answers);

public sealed record OpenSurveys(IReadOnlyList<OpenSurvey> Rows, int Total);

/// <summary>
/// What the weekly channel digest tells of the surveys: the running waves of surveys meant for everyone (a survey for
/// chosen people or teams is not advertised in a channel most readers cannot answer it from) that are open during the
/// days asked about, with the number of answers so far from <see cref="SurveyResults.RunningCountAsync"/> (null under
/// k, as everywhere). Never a result: those are the innovation department's, after the wave closes.
/// </summary>
public sealed class ChannelOpenSurveys(LabDbContext db, SurveyResults results)
{
    public async Task<OpenSurveys> ListAsync(DateOnly firstDay, DateOnly lastDay, int take, CancellationToken ct)
    {
        var waves = await (from w in db.SurveyWaves().AsNoTracking()
                           join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                           where w.Status == WaveStatus.Running && s.AudienceKind == AudienceKind.Everyone
                               && w.OpensOn <= lastDay && w.ClosesOn >= firstDay
                           orderby w.ClosesOn, w.Id
                           select new { s.Id, WaveId = w.Id, s.Title, w.ClosesOn }).ToListAsync(ct);
        var rows = new List<OpenSurvey>();
        foreach (var w in waves.Take(take))
            rows.Add(new OpenSurvey(w.Id, w.WaveId, w.Title, w.ClosesOn, await results.RunningCountAsync(w.WaveId, ct)));
        return new OpenSurveys(rows, waves.Count);
    }
}
