using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// For an item that is not free in a range: the nearest range of the same length in which it is, and items of the
/// same category that are free in the range. Pure over one <see cref="AvailabilitySnapshot"/>, so the search costs no
/// query, and the candidates obey the same time rules a reservation does (<see cref="ReservationRules.TimeRules"/>).
/// </summary>
public static class FreeSearch
{
    /// <summary>
    /// The same pickup and return clock times moved by whole days, 1, 2, 3 ... days later or earlier (later first when
    /// both are as near), within <see cref="LendingOptions.MaxAdvanceDays"/>: the first candidate that keeps every time
    /// rule (open days, opening hours, lead time, longest loan) and has a unit free. Null when none lies in the window.
    /// </summary>
    public static LendingRange? Nearest(AvailabilitySnapshot snapshot, LendingItem item, LendingRange range, DateTime nowUtc,
        LendingOptions o, DateTime windowFromUtc, DateTime windowToUtc)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(o);
        var from = range.FromBerlin;
        var to = range.ToBerlin;
        var earliest = nowUtc.AddHours(o.LeadHours);
        for (var k = 1; k <= o.MaxAdvanceDays; k++)
        {
            var later = Candidate(from.AddDays(k), to.AddDays(k));
            var earlier = Candidate(from.AddDays(-k), to.AddDays(-k));
            // Past the window (pickup beyond the furthest day the lab takes reservations for) nothing later can be one.
            if (later.FromUtc > windowToUtc && earlier.FromUtc < earliest) return null;
            foreach (var c in new[] { later, earlier })
            {
                if (c.FromUtc < earliest || c.FromUtc < windowFromUtc || c.ToUtc > windowToUtc) continue;
                // Cheap checks first: most shifted ranges fall on a weekend or outside the hours.
                if (!ReservationRules.IsOpenDay(c.FromBerlin, o) || !ReservationRules.IsOpenDay(c.ToBerlin, o)) continue;
                if (ReservationRules.TimeRules(item, c, nowUtc, o, "de").Count > 0) continue;
                if (snapshot.Free(item.Id, c.FromUtc, c.ToUtc) > 0) return c;
            }
        }
        return null;
    }

    /// <summary>Up to <paramref name="most"/> other items of the same (named) category with a unit free in the range, by name.</summary>
    public static IReadOnlyList<(LendingItem Item, int Free)> Similar(IEnumerable<LendingItem> offered, LendingItem item,
        IReadOnlyDictionary<long, int> freeInRange, LendingRange range, DateTime nowUtc, LendingOptions o, int most = 3)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(freeInRange);
        if (item.Category.Length == 0) return [];
        return [.. offered
            .Where(i => i.Id != item.Id && i.Category == item.Category && freeInRange.GetValueOrDefault(i.Id) > 0
                && ReservationRules.TimeRules(i, range, nowUtc, o, "de").Count == 0)
            .OrderBy(i => i.Name, CatalogueView.NameOrder)
            .Take(most)
            .Select(i => (i, freeInRange[i.Id]))];
    }

    private static LendingRange Candidate(DateTime fromBerlin, DateTime toBerlin) =>
        new(TrainingTime.ToUtc(fromBerlin), TrainingTime.ToUtc(toBerlin));
}
