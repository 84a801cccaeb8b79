using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// The one owner of "how many are free": every card, rule, job and page asks it, nobody counts reservations
/// themselves. Loads what decides (reservations that hold units, maintenance blocks, kit parts lists) for a set of
/// items and a window once; <see cref="AvailabilitySnapshot.Free"/> then answers any range inside the window in
/// memory, so "next free dates" over many days costs one query. Read it under the <see cref="ItemLock"/> when the
/// answer decides a change.
/// </summary>
public sealed class Availability(LabDbContext db, TimeProvider time)
{
    /// <param name="itemIds">Items asked about; their kit parts and the kits using them are loaded too.</param>
    /// <param name="exceptReservationId">A reservation whose own units do not count (changing its dates).</param>
    public Task<AvailabilitySnapshot> LoadAsync(
        IReadOnlyCollection<long> itemIds, DateTime fromUtc, DateTime toUtc, CancellationToken ct, long? exceptReservationId = null) =>
        LoadAsync(itemIds, fromUtc, toUtc, exceptReservationId is { } id ? [id] : [], ct);

    /// <param name="exceptReservationIds">
    /// Reservations whose units do not count: the desk asks, in start order, whether a reservation still fits after a
    /// maintenance block when only the earlier ones keep their units.
    /// </param>
    public async Task<AvailabilitySnapshot> LoadAsync(
        IReadOnlyCollection<long> itemIds, DateTime fromUtc, DateTime toUtc, IReadOnlyCollection<long> exceptReservationIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(exceptReservationIds);
        var except = exceptReservationIds.ToHashSet();
        // The parts lists are short (a kit has tens of lines, the lab a handful of kits): all of them, once.
        var parts = await db.KitParts().AsNoTracking().ToListAsync(ct);
        var asked = itemIds.ToHashSet();
        var counted = asked.Union(parts.Where(p => asked.Contains(p.KitId)).Select(p => p.PartId)).ToHashSet();
        // A kit's reservation uses its parts: kits that contain a counted item count for that item.
        var usingKits = parts.Where(p => counted.Contains(p.PartId)).Select(p => p.KitId);
        var relevant = counted.Union(usingKits).ToList();
        var countedList = counted.ToList();

        var items = await db.LendingItems().AsNoTracking().Where(i => countedList.Contains(i.Id))
            .Select(i => new { i.Id, i.Quantity, i.IsKit, Retired = i.RetiredAtUtc != null })
            .ToListAsync(ct);
        var reservations = await db.LendingReservations().AsNoTracking()
            .Where(r => relevant.Contains(r.ItemId) && ReservationRule.Occupying.Contains(r.Status)
                && r.StartsAtUtc < toUtc && (r.EndsAtUtc > fromUtc || r.Status == ReservationStatus.Lent))
            .Select(r => new { r.Id, r.ItemId, r.Quantity, r.StartsAtUtc, r.EndsAtUtc, r.Status })
            .ToListAsync(ct);
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => countedList.Contains(b.ItemId) && b.ClearedAtUtc == null
                && b.StartsAtUtc < toUtc && (b.EndsAtUtc == null || b.EndsAtUtc > fromUtc))
            .Select(b => new { b.ItemId, b.Quantity, b.StartsAtUtc, b.EndsAtUtc })
            .ToListAsync(ct);

        var now = time.GetUtcNow().UtcDateTime;
        var uses = new List<Use>();
        foreach (var r in reservations.Where(r => !except.Contains(r.Id)))
        {
            // A lent item that is overdue is still out: it holds its units at least until now (the overdue
            // reminder chases it); the days after today stay reservable, as nobody can say when it comes back.
            var end = r.Status == ReservationStatus.Lent && r.EndsAtUtc < now ? now : r.EndsAtUtc;
            uses.Add(new Use(r.ItemId, r.Quantity, r.StartsAtUtc, end));
            foreach (var part in parts.Where(p => p.KitId == r.ItemId))
                uses.Add(new Use(part.PartId, r.Quantity * part.Count, r.StartsAtUtc, end));
        }
        uses.AddRange(blocks.Select(b => new Use(b.ItemId, b.Quantity, b.StartsAtUtc, b.EndsAtUtc ?? DateTime.MaxValue)));

        return new AvailabilitySnapshot(
            fromUtc, toUtc,
            items.ToDictionary(i => i.Id, i => new ItemStock(i.Quantity, i.IsKit, i.Retired)),
            parts.Where(p => counted.Contains(p.KitId)).GroupBy(p => p.KitId).ToDictionary(g => g.Key, g => g.Select(p => (p.PartId, p.Count)).ToList()),
            uses.Where(u => counted.Contains(u.ItemId)).GroupBy(u => u.ItemId).ToDictionary(g => g.Key, g => g.ToList()));
    }
}

/// <summary>Units of one item in use from Start (inclusive) to End (exclusive).</summary>
public readonly record struct Use(long ItemId, int Quantity, DateTime StartUtc, DateTime EndUtc);

public readonly record struct ItemStock(int Quantity, bool IsKit, bool Retired);

/// <summary>What was loaded for a window; answers ranges inside it. Pure, so the arithmetic has its own unit tests.</summary>
public sealed class AvailabilitySnapshot(
    DateTime windowFromUtc, DateTime windowToUtc,
    IReadOnlyDictionary<long, ItemStock> items,
    IReadOnlyDictionary<long, List<(long PartId, int Count)>> kitParts,
    IReadOnlyDictionary<long, List<Use>> uses)
{
    /// <summary>
    /// How many units can be reserved for the whole of [from, to): the quantity minus the most in use at any one
    /// moment of the range (two loans one after the other inside the range use one unit, not two). A kit is also
    /// limited by each part: free part units divided by the count the kit needs. Retired or unknown items: 0.
    /// </summary>
    public int Free(long itemId, DateTime fromUtc, DateTime toUtc)
    {
        if (fromUtc < windowFromUtc || toUtc > windowToUtc)
            throw new ArgumentOutOfRangeException(nameof(fromUtc), "The range lies outside the loaded window; load a wider one.");
        if (!items.TryGetValue(itemId, out var stock) || stock.Retired) return 0;
        var free = stock.Quantity - Peak(itemId, fromUtc, toUtc);
        if (stock.IsKit && kitParts.TryGetValue(itemId, out var parts))
        {
            foreach (var (partId, count) in parts)
            {
                if (!items.TryGetValue(partId, out var part) || part.Retired) return 0;
                free = Math.Min(free, (part.Quantity - Peak(partId, fromUtc, toUtc)) / Math.Max(count, 1));
            }
        }
        return Math.Max(free, 0);
    }

    /// <summary>The uses of an item that overlap a range (for the lab's calendar and for telling who is affected).</summary>
    public IEnumerable<Use> UsesOf(long itemId, DateTime fromUtc, DateTime toUtc) =>
        uses.TryGetValue(itemId, out var list) ? list.Where(u => u.StartUtc < toUtc && u.EndUtc > fromUtc) : [];

    private int Peak(long itemId, DateTime fromUtc, DateTime toUtc)
    {
        if (!uses.TryGetValue(itemId, out var list)) return 0;
        var events = new List<(DateTime At, int Delta)>();
        foreach (var u in list)
        {
            if (u.StartUtc >= toUtc || u.EndUtc <= fromUtc) continue;
            events.Add((u.StartUtc < fromUtc ? fromUtc : u.StartUtc, u.Quantity));
            events.Add((u.EndUtc > toUtc ? toUtc : u.EndUtc, -u.Quantity));
        }
        // Ends before starts at the same instant: a return at 12:00 and a pickup at 12:00 share the unit.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int running = 0, peak = 0;
        foreach (var (_, delta) in events)
        {
            running += delta;
            peak = Math.Max(peak, running);
        }
        return peak;
    }
}
