using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>One of a person's loans or reservations with its item's name.</summary>
public sealed record MyLoan(LendingReservation Reservation, string Name);

/// <summary>
/// The rows of "meine ausleihen", for the card and the page alike: what the person has on loan or reserved (occupying
/// statuses), lent first (due soonest, overdue at the top), then reservations by pickup; at most <c>max</c>, with the total.
/// </summary>
public static class MyLoans
{
    public static async Task<(IReadOnlyList<MyLoan> Rows, int Total)> ListAsync(LabDbContext db, string user, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query =
            from r in db.LendingReservations().AsNoTracking()
            join i in db.LendingItems().AsNoTracking() on r.ItemId equals i.Id
            where r.UserAadObjectId == user && ReservationRule.Occupying.Contains(r.Status)
            select new { Reservation = r, i.Name };
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(x => x.Reservation.Status == ReservationStatus.Lent ? 0 : 1)
            .ThenBy(x => x.Reservation.Status == ReservationStatus.Lent ? x.Reservation.EndsAtUtc : x.Reservation.StartsAtUtc)
            .ThenBy(x => x.Reservation.Id)
            .Take(max).ToListAsync(ct);
        return ([.. rows.Select(x => new MyLoan(x.Reservation, x.Name))], total);
    }
}
