using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The seat rule, written once: a booked person holds a seat, and so does the first in line while an offer is held
/// for them (so nobody signs up past them); a waitlisted person waits for one. Code in memory asks the two
/// functions; queries use the expressions, which are built from the functions, so SQL and C# cannot drift apart.
/// </summary>
public static class SeatRule
{
    public static bool HoldsSeat(RegistrationStatus status) => status is RegistrationStatus.Booked or RegistrationStatus.Offered;

    /// <summary>Still in the game for a session: holds a seat or waits for one.</summary>
    public static bool IsActive(RegistrationStatus status) => HoldsSeat(status) || status == RegistrationStatus.Waitlisted;

    /// <summary><see cref="HoldsSeat"/> for a query (<c>status = 0 OR status = 2</c>).</summary>
    public static readonly Expression<Func<Registration, bool>> HoldingSeat = StatusWhere(HoldsSeat);

    /// <summary><see cref="IsActive"/> for a query.</summary>
    public static readonly Expression<Func<Registration, bool>> Active = StatusWhere(IsActive);

    /// <summary><c>r => r.Status == a || r.Status == b ...</c> for every status the rule accepts, as constants EF puts into the SQL.</summary>
    private static Expression<Func<Registration, bool>> StatusWhere(Func<RegistrationStatus, bool> rule)
    {
        var r = Expression.Parameter(typeof(Registration), "r");
        var status = Expression.Property(r, nameof(Registration.Status));
        var body = Enum.GetValues<RegistrationStatus>().Where(rule)
            .Select(s => (Expression)Expression.Equal(status, Expression.Constant(s)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<Registration, bool>>(body, r);
    }
}

/// <summary>Counting seats and places in line. Exact only under the <see cref="SessionLock"/>; elsewhere a snapshot for display.</summary>
public static class Seats
{
    /// <summary>The person's row for the session (any status), tracked; null when they never signed up.</summary>
    public static Task<Registration?> RegistrationAsync(LabDbContext db, long sessionId, string userAadObjectId, CancellationToken ct) =>
        db.TrainingRegistrations().SingleOrDefaultAsync(r => r.SessionId == sessionId && r.UserAadObjectId == userAadObjectId, ct);

    public static Task<int> TakenAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        db.TrainingRegistrations().Where(r => r.SessionId == sessionId).CountAsync(SeatRule.HoldingSeat, ct);

    public static Task<int> WaitingAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        db.TrainingRegistrations().CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted, ct);

    /// <summary>Seats held and people waiting per session, in one query, for the lists (a snapshot).</summary>
    public static async Task<IReadOnlyDictionary<long, SeatCount>> CountsAsync(LabDbContext db, IReadOnlyCollection<long> sessionIds, CancellationToken ct)
    {
        var rows = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => sessionIds.Contains(r.SessionId))
            .GroupBy(r => new { r.SessionId, r.Status })
            .Select(g => new { g.Key.SessionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return sessionIds.Distinct().ToDictionary(id => id, id => new SeatCount(
            rows.Where(r => r.SessionId == id && SeatRule.HoldsSeat(r.Status)).Sum(r => r.Count),
            rows.Where(r => r.SessionId == id && r.Status == RegistrationStatus.Waitlisted).Sum(r => r.Count)));
    }

    /// <summary>1 for the first in line.</summary>
    public static async Task<int> PositionAsync(LabDbContext db, Registration registration, CancellationToken ct) =>
        1 + await db.TrainingRegistrations().CountAsync(r => r.SessionId == registration.SessionId
            && r.Status == RegistrationStatus.Waitlisted && r.WaitlistSeq < registration.WaitlistSeq, ct);

    /// <summary>The next number in line for a session (under the lock, so no two people get the same).</summary>
    public static async Task<long> NextWaitlistSeqAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        1 + (await db.TrainingRegistrations().Where(r => r.SessionId == sessionId).MaxAsync(r => (long?)r.WaitlistSeq, ct) ?? 0);

    /// <summary>Off the list for this session (cancelled, declined): no seat, no offer.</summary>
    public static void Leave(Registration registration, RegistrationStatus status, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.Status = status;
        registration.BookedAtUtc = null;
        registration.OfferExpiresAtUtc = null;
        registration.UpdatedAtUtc = now;
    }
}

/// <summary>How many hold a seat of a session, and how many wait for one.</summary>
public readonly record struct SeatCount(int Taken, int Waiting);
