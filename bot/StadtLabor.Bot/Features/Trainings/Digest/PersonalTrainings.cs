using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Digest;

/// <summary>One line of a person's digest from the trainings: a booked session in the window, or a seat offered to them.</summary>
public sealed record PersonalTraining(string UserAadObjectId, long SessionId, string ToolName, DateTime StartsAtUtc, DateTime EndsAtUtc, DateTime? OfferExpiresAtUtc)
{
    public bool IsOffer => OfferExpiresAtUtc is not null;
}

/// <summary>
/// For the personal digest: per person, the published sessions they are booked on that start in the window ("meine
/// termine" this week), and every open seat offer (it waits for them, whenever the session is). Many people at once.
/// </summary>
public sealed class PersonalTrainings(LabDbContext db)
{
    public async Task<ILookup<string, PersonalTraining>> ForAsync(IReadOnlyCollection<string> users, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var rows = new List<PersonalTraining>();
        foreach (var ids in users.Chunk(1000))
        {
            var query =
                from r in db.TrainingRegistrations().AsNoTracking()
                join s in db.TrainingSessions().AsNoTracking() on r.SessionId equals s.Id
                join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
                where ids.Contains(r.UserAadObjectId) && s.Status == SessionStatus.Published && s.StartsAtUtc > fromUtc
                    && ((r.Status == RegistrationStatus.Booked && s.StartsAtUtc < toUtc)
                        || (r.Status == RegistrationStatus.Offered && r.OfferExpiresAtUtc > fromUtc))
                select new PersonalTraining(r.UserAadObjectId, s.Id, t.Name, s.StartsAtUtc, s.EndsAtUtc,
                    r.Status == RegistrationStatus.Offered ? r.OfferExpiresAtUtc : null);
            rows.AddRange(await query.ToListAsync(ct));
        }
        return rows.OrderBy(r => r.StartsAtUtc).ThenBy(r => r.SessionId).ToLookup(r => r.UserAadObjectId, StringComparer.Ordinal);
    }
}
