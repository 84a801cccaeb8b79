using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>Units of one item in maintenance right now, from all its open blocks together.</summary>
/// <param name="Units">Units blocked now (at most the item's quantity when shown).</param>
/// <param name="SinceUtc">Start of the earliest of these blocks.</param>
/// <param name="UntilUtc">End of the latest block, null when any block is open-ended (until the lab team clears it).</param>
/// <param name="Reasons">The blocks' reasons, each once, in the order of their start.</param>
public sealed record MaintenanceNow(int Units, DateTime SinceUtc, DateTime? UntilUtc, IReadOnlyList<MaintenanceReason> Reasons);

/// <summary>
/// "In Wartung: 1 von 6 …" on the catalogue and the item card: without it an item in a block just shows no free
/// days and staff cannot tell "all lent" from "broken". Read with ONE query for a whole page of items.
/// </summary>
public sealed class MaintenanceNotes(LabDbContext db, TimeProvider time)
{
    /// <summary>Item id → its maintenance now, for the items that have an open, uncleared block overlapping now.</summary>
    public async Task<IReadOnlyDictionary<long, MaintenanceNow>> NowAsync(IReadOnlyCollection<long> itemIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        if (itemIds.Count == 0) return new Dictionary<long, MaintenanceNow>();
        var now = time.GetUtcNow().UtcDateTime;
        var ids = itemIds.ToList();
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => ids.Contains(b.ItemId) && b.ClearedAtUtc == null && b.StartsAtUtc <= now && (b.EndsAtUtc == null || b.EndsAtUtc > now))
            .Select(b => new { b.ItemId, b.Quantity, b.StartsAtUtc, b.EndsAtUtc, b.Reason })
            .ToListAsync(ct);
        return blocks.GroupBy(b => b.ItemId).ToDictionary(g => g.Key, g => new MaintenanceNow(
            g.Sum(b => b.Quantity),
            g.Min(b => b.StartsAtUtc),
            g.Any(b => b.EndsAtUtc is null) ? null : g.Max(b => b.EndsAtUtc),
            [.. g.OrderBy(b => b.StartsAtUtc).Select(b => b.Reason).Distinct()]));
    }

    /// <summary>The line for an item ("" when none of it is in maintenance).</summary>
    public string Line(TurnContext turn, LendingItem item, IReadOnlyDictionary<long, MaintenanceNow> notes)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(notes);
        if (!notes.TryGetValue(item.Id, out var note)) return "";
        var now = time.GetUtcNow().UtcDateTime;
        var units = Math.Min(note.Units, item.Quantity);
        var reasons = string.Join(", ", note.Reasons.Select(r => turn.Word(ReasonKey(r))));
        var since = Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(note.SinceUtc)), now);
        return note.UntilUtc is { } until
            ? turn.Format("lendingCatalogue.maintenance.until", units, item.Quantity, since, reasons,
                Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(until)), now))
            : turn.Format("lendingCatalogue.maintenance.open", units, item.Quantity, since, reasons);
    }

    public static string ReasonKey(MaintenanceReason reason) =>
        "lendingCatalogue.maintenance.reason." + JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
}
