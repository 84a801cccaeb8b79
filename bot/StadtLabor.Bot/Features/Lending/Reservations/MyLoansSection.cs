using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>"meine termine" shows the loans too: how many reservations and loans (overdue said), with a button to "meine ausleihen".</summary>
public sealed class MyLoansSection(LabDbContext db, TimeProvider time) : IMyItemsSection
{
    public async Task<MyItemsSection?> DescribeAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var user = turn.UserAadObjectId ?? "";
        var now = time.GetUtcNow().UtcDateTime;
        var mine = await db.LendingReservations().AsNoTracking()
            .Where(r => r.UserAadObjectId == user && ReservationRule.Occupying.Contains(r.Status))
            .Select(r => new { r.Status, r.EndsAtUtc }).ToListAsync(ct);
        if (mine.Count == 0) return null;
        var lent = mine.Count(r => r.Status == ReservationStatus.Lent);
        var overdue = mine.Count(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc < now);
        var reserved = mine.Count - lent;
        var parts = new List<string> { Count(turn, "reservations", reserved), Count(turn, "lent", lent) };
        if (overdue > 0) parts.Add(turn.Format("lendingReserve.section.overdue", overdue));
        return new MyItemsSection(turn.Word("lendingReserve.section.heading"), string.Join(", ", parts),
            turn.Word("lendingReserve.section.show"), "lending.mine");
    }

    private static string Count(TurnContext turn, string what, int n) =>
        turn.Format($"lendingReserve.section.{what}.{(n == 0 ? "none" : n == 1 ? "one" : "other")}", n);
}
