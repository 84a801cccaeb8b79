using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// Reads what the rules look at (free units from <see cref="Availability"/>, the person's open reservations and
/// units of this item, the training attended) and asks <see cref="ReservationRules.Check"/>. Call it under the
/// <see cref="ItemLock"/> of the item, so the answer still holds when the change is written.
/// </summary>
public sealed class ReservationFacts(LabDbContext db, Availability availability, IOptions<LendingOptions> options, TimeProvider time)
{
    /// <param name="changing">The reservation whose dates change (its own units and count do not stand in its way).</param>
    /// <param name="extension">Only the return moves, while lent: free is asked for the added time only.</param>
    public async Task<IReadOnlyList<BrokenRule>> CheckAsync(LendingItem item, int quantity, LendingRange range, string userAadObjectId,
        string lang, CancellationToken ct, LendingReservation? changing = null, bool extension = false)
    {
        ArgumentNullException.ThrowIfNull(item);
        var now = time.GetUtcNow().UtcDateTime;
        var exceptId = changing?.Id ?? 0;

        var freeFrom = extension && changing is not null ? changing.EndsAtUtc : range.FromUtc;
        var free = 0;
        if (range.ToUtc > freeFrom)
        {
            var snapshot = await availability.LoadAsync([item.Id], freeFrom, range.ToUtc, ct, changing?.Id);
            free = snapshot.Free(item.Id, freeFrom, range.ToUtc);
        }

        await PersonLock.EnterAsync(db, userAadObjectId, ct);
        var mine = db.LendingReservations().AsNoTracking()
            .Where(r => r.UserAadObjectId == userAadObjectId && r.Id != exceptId && ReservationRule.Occupying.Contains(r.Status));
        var open = await mine.CountAsync(ct);
        var held = await mine.Where(r => r.ItemId == item.Id && r.StartsAtUtc < range.ToUtc && r.EndsAtUtc > range.FromUtc)
            .SumAsync(r => (int?)r.Quantity, ct) ?? 0;
        var trained = item.RequiredToolId is not { } toolId || await (
            from g in db.TrainingRegistrations().AsNoTracking()
            join s in db.TrainingSessions().AsNoTracking() on g.SessionId equals s.Id
            where g.UserAadObjectId == userAadObjectId && g.Attendance == Attendance.Present && s.ToolId == toolId
            select g.Id).AnyAsync(ct);

        var pickupKept = changing is not null && changing.StartsAtUtc == range.FromUtc;
        var request = new ReservationRequest(item, quantity, range, now, free, open, held, trained, extension, pickupKept);
        return ReservationRules.Check(request, options.Value, lang);
    }
}
