using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Digest;

/// <summary>A session of the week as the lab team's digest shows it: seats held (booked or offered) and people waiting.</summary>
public sealed record RoleWeekSession(long Id, string Title, DateTime StartsAtUtc, int Capacity, int Taken, int Waiting);

/// <summary>
/// The lab team's weekly digest: the published sessions that start within the week, with their seats. The lab team
/// sees the participant lists anyway, so seat counts are not figures about people that need the small-group rule.
/// </summary>
public static class RoleWeekSessions
{
    public static async Task<IReadOnlyList<RoleWeekSession>> LoadAsync(LabDbContext db, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sessions = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.Status == SessionStatus.Published && s.StartsAtUtc >= fromUtc && s.StartsAtUtc < toUtc)
            .OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Title, s.StartsAtUtc, s.Capacity }).ToListAsync(ct);
        var counts = await Seats.CountsAsync(db, [.. sessions.Select(s => s.Id)], ct);
        return [.. sessions.Select(s => new RoleWeekSession(s.Id, s.Title, s.StartsAtUtc, s.Capacity, counts[s.Id].Taken, counts[s.Id].Waiting))];
    }
}
