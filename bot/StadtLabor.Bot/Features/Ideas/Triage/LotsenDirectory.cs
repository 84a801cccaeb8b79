using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// Remembers every Lotse (or Innovation) who uses a Lotsen card, with their name as Teams sent it, so colleagues can
/// assign ideas to them by name (roles hold object ids, not names). The router checked the role before the handler
/// ran. Written at most once an hour per person unless the name changed: a read-only card should not write each time.
/// </summary>
public sealed class LotsenDirectory(LabDbContext db, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromHours(1);

    public async Task SeenAsync(Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var now = time.GetUtcNow().UtcDateTime;
        var known = await db.IdeaLotsen().AsNoTracking().Where(l => l.UserAadObjectId == person.AadObjectId)
            .Select(l => new { l.Name, l.LastSeenAtUtc }).FirstOrDefaultAsync(ct);
        if (known is not null && known.Name == person.Name && now - known.LastSeenAtUtc < Refresh) return;
        var name = person.Name.Length > IdeaLimits.Name ? person.Name[..IdeaLimits.Name] : person.Name;
        // An upsert (both providers): two first clicks of the same person at once make one row and fail nothing.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO idea_lotsen (\"UserAadObjectId\", \"TenantId\", \"Name\", \"LastSeenAtUtc\") VALUES ({person.AadObjectId}, {person.TenantId}, {name}, {now}) ON CONFLICT (\"UserAadObjectId\") DO UPDATE SET \"Name\" = excluded.\"Name\", \"TenantId\" = excluded.\"TenantId\", \"LastSeenAtUtc\" = excluded.\"LastSeenAtUtc\"", ct);
    }
}
