using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending.Digest;

public enum PersonalLoanKind
{
    Overdue = 0,
    ReturnDue = 1,
    Pickup = 2,
}

/// <summary>One line of a person's digest from the lending: something overdue, to return or to pick up in the window.</summary>
public sealed record PersonalLoan(string UserAadObjectId, long ReservationId, string ItemName, int Quantity, PersonalLoanKind Kind, DateTime AtUtc);

/// <summary>
/// For the personal digest: per person, loans overdue, loans due back before the window ends, and confirmed pickups
/// in the window: the same statuses as "meine ausleihen" and the lending reminder, for many people at once.
/// </summary>
public sealed class PersonalLoans(LabDbContext db)
{
    public async Task<ILookup<string, PersonalLoan>> ForAsync(IReadOnlyCollection<string> users, DateTime nowUtc, DateTime toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var rows = new List<PersonalLoan>();
        foreach (var ids in users.Chunk(1000))
        {
            var query =
                from r in db.LendingReservations().AsNoTracking()
                join i in db.LendingItems().AsNoTracking() on r.ItemId equals i.Id
                where ids.Contains(r.UserAadObjectId)
                    && ((r.Status == ReservationStatus.Lent && r.EndsAtUtc < toUtc)
                        || (r.Status == ReservationStatus.Confirmed && r.StartsAtUtc > nowUtc && r.StartsAtUtc < toUtc))
                select new { r.UserAadObjectId, r.Id, i.Name, r.Quantity, r.Status, r.StartsAtUtc, r.EndsAtUtc };
            rows.AddRange((await query.ToListAsync(ct)).Select(r => r.Status == ReservationStatus.Lent
                ? new PersonalLoan(r.UserAadObjectId, r.Id, r.Name, r.Quantity, r.EndsAtUtc <= nowUtc ? PersonalLoanKind.Overdue : PersonalLoanKind.ReturnDue, r.EndsAtUtc)
                : new PersonalLoan(r.UserAadObjectId, r.Id, r.Name, r.Quantity, PersonalLoanKind.Pickup, r.StartsAtUtc)));
        }
        return rows.OrderBy(r => r.Kind).ThenBy(r => r.AtUtc).ThenBy(r => r.ReservationId).ToLookup(r => r.UserAadObjectId, StringComparer.Ordinal);
    }
}
