using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Digest;

/// <summary>One line of a person's digest from the surveys: a running wave they have not answered yet.</summary>
public sealed record PersonalSurvey(string UserAadObjectId, long WaveId, string Title, int WaveNumber, DateOnly ClosesOn);

/// <summary>
/// For the personal digest: per person, the running waves they may still answer (their <see cref="SurveyPending"/>
/// rows, the same as "umfragen"). Participation only: nothing about answers or results.
/// </summary>
public sealed class PersonalSurveys(LabDbContext db)
{
    public async Task<ILookup<string, PersonalSurvey>> ForAsync(IReadOnlyCollection<string> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var rows = new List<PersonalSurvey>();
        foreach (var ids in users.Chunk(1000))
        {
            var query =
                from p in db.SurveyPending().AsNoTracking()
                join w in db.SurveyWaves().AsNoTracking() on p.WaveId equals w.Id
                join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                where ids.Contains(p.UserAadObjectId) && w.Status == WaveStatus.Running
                select new PersonalSurvey(p.UserAadObjectId, w.Id, s.Title, w.Number, w.ClosesOn);
            rows.AddRange(await query.ToListAsync(ct));
        }
        return rows.OrderBy(r => r.ClosesOn).ThenBy(r => r.WaveId).ToLookup(r => r.UserAadObjectId, StringComparer.Ordinal);
    }
}
