using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending.Desk;

namespace StadtLabor.Bot.Features.Lending.Digest;

/// <summary>A pickup or return the desk has in the week: what ("VR-Brille ×2"), who borrows it, when; requests not yet approved are marked.</summary>
public sealed record RoleDeskLine(long ReservationId, string What, string Who, DateTime AtUtc, bool NotApproved);

/// <summary>Units blocked for maintenance: what, why (its word key), until when (null: until the lab team clears it).</summary>
public sealed record RoleMaintenanceLine(long BlockId, string What, string ReasonKey, DateTime? UntilUtc);

public sealed record RoleDeskWeekResult(
    IReadOnlyList<RoleDeskLine> Pickups, IReadOnlyList<RoleDeskLine> Returns, IReadOnlyList<RoleDeskLine> Overdue,
    IReadOnlyList<RoleMaintenanceLine> Maintenance);

/// <summary>
/// The lab team's weekly digest: the desk's daily list (<see cref="TodayOverview"/>) stretched over the week (pickups
/// confirmed or waiting for approval, loans due back, loans already overdue) and the maintenance blocks that hold
/// units during the week (<see cref="BlockList"/>). Names as the desk shows them: the lab team hands the things over.
/// </summary>
public static class RoleDeskWeek
{
    public static async Task<RoleDeskWeekResult> LoadAsync(LabDbContext db, Strings strings, string lang, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pickups = await db.LendingReservations().AsNoTracking()
            .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.Requested) && r.StartsAtUtc >= fromUtc && r.StartsAtUtc < toUtc)
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var lent = await db.LendingReservations().AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc < toUtc)
            .OrderBy(r => r.EndsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => b.ClearedAtUtc == null && b.StartsAtUtc < toUtc && (b.EndsAtUtc == null || b.EndsAtUtc > fromUtc))
            .OrderBy(b => b.StartsAtUtc).ThenBy(b => b.Id).ToListAsync(ct);
        var names = await DeskView.NamesAsync(db, pickups.Concat(lent).Select(r => r.ItemId).Concat(blocks.Select(b => b.ItemId)), ct);

        RoleDeskLine Line(LendingReservation r, DateTime at) => new(r.Id, DeskView.What(names.GetValueOrDefault(r.ItemId, ""), r.Quantity),
            DeskView.Who(strings, lang, r), at, r.Status == ReservationStatus.Requested);
        return new RoleDeskWeekResult(
            [.. pickups.Select(r => Line(r, r.StartsAtUtc))],
            [.. lent.Where(r => r.EndsAtUtc >= fromUtc).Select(r => Line(r, r.EndsAtUtc))],
            [.. lent.Where(r => r.EndsAtUtc < fromUtc).Select(r => Line(r, r.EndsAtUtc))],
            [.. blocks.Select(b => new RoleMaintenanceLine(b.Id, DeskView.What(names.GetValueOrDefault(b.ItemId, ""), b.Quantity),
                BlockList.ReasonKey(b.Reason), b.EndsAtUtc))]);
    }
}
