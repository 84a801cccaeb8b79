using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>
/// Lending records (Privacy:Retention:Lending): a reservation that is over (returned, cancelled, declined, not
/// picked up) is kept for the item's history (who had it when a part went missing) and the lab's figures, then
/// deleted with its checklist lines, counted from the return (or, never lent, from the planned end). With them go
/// "tell me when free" wishes whose range ended that long ago and blocks the lab team cleared that long ago.
/// Nothing deleted here holds units, so availability does not change and no item lock is needed.
/// </summary>
public sealed class PurgeLendingRecords(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "Lending";

    public int DefaultDays => 365;

    private static readonly ReservationStatus[] Over =
        [ReservationStatus.Returned, ReservationStatus.Cancelled, ReservationStatus.Declined, ReservationStatus.NoShow];

    public async Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        var expired = db.LendingReservations().Where(r => Over.Contains(r.Status) && (r.ReturnedAtUtc ?? r.EndsAtUtc) < cutoffUtc);
        // Spelled out rather than left to ON DELETE: the same on both databases, and a run cut short is finished by the next.
        await db.LendingCheckLines().Where(l => expired.Any(r => r.Id == l.ReservationId)).ExecuteDeleteAsync(ct);
        await db.MaintenanceBlocks().Where(b => b.ReservationId != null && expired.Any(r => r.Id == b.ReservationId))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ReservationId, (long?)null), ct);
        var rows = await expired.ExecuteDeleteAsync(ct);
        rows += await db.LendingWatches().Where(w => w.ToUtc < cutoffUtc).ExecuteDeleteAsync(ct);
        rows += await db.MaintenanceBlocks().Where(b => b.ClearedAtUtc != null && b.ClearedAtUtc < cutoffUtc).ExecuteDeleteAsync(ct);
        return rows;
    }
}

/// <summary>
/// The purpose a person typed (Privacy:Retention:LendingPurpose) is free text and may say more than needed; it
/// serves the approval and the pickup, so it is emptied well before the record itself goes. Counted from the
/// return (or the planned end); a loan still out keeps it.
/// </summary>
public sealed class EmptyLendingPurposes(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "LendingPurpose";

    public int DefaultDays => 90;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.LendingReservations()
            .Where(r => r.Purpose != "" && !ReservationRule.Occupying.Contains(r.Status) && (r.ReturnedAtUtc ?? r.EndsAtUtc) < cutoffUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Purpose, ""), ct);

    /// <summary>Whether a reservation's purpose may still be shown (an export must not wait for the nightly run).</summary>
    public static bool PurposeKept(LendingReservation r, DateTime cutoffUtc)
    {
        ArgumentNullException.ThrowIfNull(r);
        return ReservationRule.Occupies(r.Status) || (r.ReturnedAtUtc ?? r.EndsAtUtc) >= cutoffUtc;
    }
}
