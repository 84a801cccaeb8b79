using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending.Digest;

/// <summary>A new item of the catalogue; <see cref="FreeThisWeek"/> is null when the week is already over.</summary>
public sealed record NewLendingItem(long Id, string Name, string Category, bool? FreeThisWeek);

public sealed record LendingNews(IReadOnlyList<NewLendingItem> Rows, int Total);

/// <summary>
/// What the weekly channel digest tells of lending: the items the lab team added to the catalogue in a window, newest first (not
/// retired, lendable on their own: a kit's part that cannot be borrowed alone is no news), each with whether a unit
/// is free for the rest of the week as <see cref="Availability"/> counts it (reservations, loans, maintenance, kits).
/// No person appears: who borrowed what is nobody's business in a channel.
/// </summary>
public sealed class ChannelLendingNews(LabDbContext db, Availability availability)
{
    public async Task<LendingNews> NewItemsAsync(DateTime sinceUtc, DateTime untilUtc, DateTime weekEndUtc, int take, CancellationToken ct)
    {
        var items = await db.LendingItems().AsNoTracking()
            .Where(i => i.RetiredAtUtc == null && i.LendableAlone && i.CreatedAtUtc >= sinceUtc && i.CreatedAtUtc < untilUtc)
            .OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id)
            .Select(i => new { i.Id, i.Name, i.Category }).ToListAsync(ct);
        var shown = items.Take(take).ToList();
        AvailabilitySnapshot? snapshot = null;
        if (shown.Count > 0 && untilUtc < weekEndUtc)
            snapshot = await availability.LoadAsync(shown.Select(i => i.Id).ToList(), untilUtc, weekEndUtc, ct);
        var rows = shown.Select(i => new NewLendingItem(i.Id, i.Name, i.Category,
            snapshot is null ? null : snapshot.Free(i.Id, untilUtc, weekEndUtc) > 0)).ToList();
        return new LendingNews(rows, items.Count);
    }
}
