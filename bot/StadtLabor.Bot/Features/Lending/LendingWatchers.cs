using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Tells the people waiting for an item ("Sag mir Bescheid, wenn frei", <see cref="LendingWatch"/>) that it is free
/// now. Whoever frees units (a no-show released, a cancellation, a block cleared) calls <see cref="NotifyFreedAsync"/>
/// under the item's <see cref="ItemLock"/>, after saving the change and before committing, so the message and the
/// change commit together and the availability read sees the freed units.
/// </summary>
public sealed partial class LendingWatchers(
    LabDbContext db, Availability availability, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages,
    TimeProvider time, ILogger<LendingWatchers> log)
{
    public static string Key(long watchId) => $"lending.nowFree:{watchId}";

    /// <summary>How long a unit told to someone stays theirs to reserve before the next in line hears of it.</summary>
    public static readonly TimeSpan HeadStart = TimeSpan.FromDays(1);

    /// <summary>
    /// The waiting people of this item whose range overlaps [fromUtc, toUtc), in the order they asked. Each is told
    /// once (<see cref="LendingWatch.NotifiedAtUtc"/> and the outbox key), and only when a unit is really free for the
    /// rest of their range: a unit told to someone earlier in line (in this call, or within the last
    /// <see cref="HeadStart"/>) counts as taken for those after them, so one freed headset goes to the first in line,
    /// not to five people racing for it. Those not told keep waiting for the next change, or for the hourly look of
    /// the no-show job once the head start is over and the unit is still free. Returns how many were told.
    /// </summary>
    /// <summary>
    /// For a change that frees units (a cancel, a decline, new dates, a block cleared, an erase): saves it, then tells
    /// those waiting for any locked item (a kit's reservation held its parts too) whose range overlaps the freed one.
    /// Call it under the lock, before committing.
    /// </summary>
    public async Task<int> SaveAndNotifyAsync(LockedItems locked, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(locked);
        await db.SaveChangesAsync(ct);
        var told = 0;
        foreach (var itemId in locked.All.Keys.Order()) told += await NotifyFreedAsync(itemId, fromUtc, toUtc, ct);
        return told;
    }

    public async Task<int> NotifyFreedAsync(long itemId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var waiting = await db.LendingWatches()
            .Where(w => w.ItemId == itemId && w.NotifiedAtUtc == null && w.FromUtc < toUtc && w.ToUtc > fromUtc && w.ToUtc > now)
            .OrderBy(w => w.CreatedAtUtc).ThenBy(w => w.Id).ToListAsync(ct);
        if (waiting.Count == 0) return 0;
        var item = await db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || item.IsRetired) return 0;

        // A range that began already only needs the rest of it: what lay in the past cannot be reserved anyway.
        var windowFrom = waiting.Min(w => Later(w.FromUtc, now));
        var snapshot = await availability.LoadAsync([itemId], windowFrom, waiting.Max(w => w.ToUtc), ct);
        var since = now - HeadStart;
        var promised = await db.LendingWatches().AsNoTracking()
            .Where(w => w.ItemId == itemId && w.NotifiedAtUtc > since && w.ToUtc > now)
            .Select(w => new { w.FromUtc, w.ToUtc }).ToListAsync(ct);
        var taken = promised.Select(w => (From: Later(w.FromUtc, now), To: w.ToUtc)).ToList();
        var told = 0;
        foreach (var watch in waiting)
        {
            var from = Later(watch.FromUtc, now);
            if (snapshot.Free(itemId, from, watch.ToUtc) - taken.Count(p => p.From < watch.ToUtc && p.To > from) < 1) continue;
            taken.Add((from, watch.ToUtc));
            watch.NotifiedAtUtc = now;
            var lang = await languages.ForPersonAsync(watch.TenantId, watch.UserAadObjectId, watch.Lang, ct);
            await outbox.ToUserAsync(Key(watch.Id), watch.TenantId, watch.UserAadObjectId,
                Activity.Card(Card(item, new LendingRange(watch.FromUtc, watch.ToUtc), lang)), ct);
            told++;
        }
        if (told > 0) LogTold(log, itemId, told);
        return told;
    }

    /// <summary>Watches whose whole range lies in the past: nobody can use them any more, so they are not kept.</summary>
    public Task<int> DeletePastAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.LendingWatches().Where(w => w.ToUtc <= now).ExecuteDeleteAsync(ct);
    }

    /// <summary>The card lending/nowFree, with a button to the reserve form filled in with the range.</summary>
    public JsonObject Card(LendingItem item, LendingRange range, string lang)
    {
        ArgumentNullException.ThrowIfNull(item);
        var name = CardText.Plain(item.Name);
        var reserve = new JsonObject { ["itemId"] = item.Id };
        range.WriteTo(reserve);
        return cards.Render("lending/nowFree", lang, new JsonObject
        {
            ["heading"] = strings.Format(lang, "lendingReminders.nowFree.title", name),
            ["text"] = strings.Format(lang, "lendingReminders.nowFree.text", name),
            ["when"] = range.Text(lang),
            ["reserveTitle"] = strings.Format(lang, "lendingReminders.nowFree.reserve", name),
            ["reserve"] = reserve,
        });
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending item {ItemId} free again: {Count} waiting people told")]
    private static partial void LogTold(ILogger logger, long itemId, int count);
}
