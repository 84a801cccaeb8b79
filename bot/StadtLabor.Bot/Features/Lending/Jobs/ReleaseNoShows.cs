using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Jobs;

/// <summary>
/// Hourly on working days. (1) A confirmed reservation not picked up by the end of its first day
/// (<see cref="LendingDays.EndOfFirstDayUtc"/>) is released when Lending:ReleaseNoShows is on: under the item lock it
/// becomes NoShow, the person is told, and the people waiting for that item are told in the same transaction.
/// (2) People still waiting for an item that is free by now (freed in a way nobody announced, or the first in line
/// did not take it) are told. (3) Watches whose range lies in the past are deleted. Only current rows are read and
/// each message has its business key, so a second run, a retry or a run after a restart repeats nothing.
/// </summary>
public sealed partial class ReleaseNoShows(
    LabDbContext db, LendingWatchers watchers, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages,
    IOptions<LendingOptions> options, TimeProvider time, ILogger<ReleaseNoShows> log) : ILabJob
{
    public const string Name = "LendingNoShows";
    public const string DefaultCron = "0 5 * ? * MON-FRI";

    public static string Key(long reservationId) => $"lending.released:{reservationId}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var failed = new List<Exception>();
        if (options.Value.ReleaseNoShows)
        {
            // Pickups began before now; whether their first day is over is the opening hours' question, asked per row.
            var started = await db.LendingReservations().AsNoTracking()
                .Where(r => r.Status == ReservationStatus.Confirmed && r.StartsAtUtc < now)
                .Select(r => new { r.ItemId, r.StartsAtUtc }).ToListAsync(ct);
            foreach (var itemId in started.Where(r => LendingDays.EndOfFirstDayUtc(r.StartsAtUtc, options.Value) <= now).Select(r => r.ItemId).Distinct())
                await Isolated(itemId, () => ReleaseAsync(itemId, now, ct), failed, ct);
        }

        var waitedFor = await db.LendingWatches().AsNoTracking()
            .Where(w => w.NotifiedAtUtc == null && w.ToUtc > now).Select(w => w.ItemId).Distinct().ToListAsync(ct);
        foreach (var itemId in waitedFor)
            await Isolated(itemId, () => LookAgainAsync(itemId, now, ct), failed, ct);

        var deleted = await watchers.DeletePastAsync(ct);
        if (deleted > 0) LogWatchesDeleted(log, deleted);
        if (failed.Count > 0) throw new AggregateException("Lending no-shows or watches failed for some items", failed);
    }

    private async Task ReleaseAsync(long itemId, DateTime now, CancellationToken ct)
    {
        await using var locked = await ItemLock.EnterAsync(db, itemId, ct);
        if (locked is null) return;
        // Again under the lock: the handover may have committed a moment ago.
        var due = (await db.LendingReservations()
                .Where(r => r.ItemId == itemId && r.Status == ReservationStatus.Confirmed && r.StartsAtUtc < now).ToListAsync(ct))
            .Where(r => LendingDays.EndOfFirstDayUtc(r.StartsAtUtc, options.Value) <= now).OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToList();
        if (due.Count == 0) return;
        foreach (var r in due)
        {
            r.Status = ReservationStatus.NoShow;
            r.UpdatedAtUtc = now;
            var lang = await languages.ForPersonAsync(r.TenantId, r.UserAadObjectId, r.Lang, ct);
            await outbox.ToUserAsync(Key(r.Id), r.TenantId, r.UserAadObjectId, Activity.Card(Card(locked.Item, r, lang, now)), ct);
        }
        // Saved (not committed) first, so the availability read for the people waiting sees the units free.
        await db.SaveChangesAsync(ct);
        // A kit's reservation held its parts too: those waiting for a part alone may use them now.
        var told = 0;
        foreach (var freed in locked.All.Keys.Order())
            told += await watchers.NotifyFreedAsync(freed, due.Min(r => r.StartsAtUtc), due.Max(r => r.EndsAtUtc), ct);
        await locked.CommitAsync(ct);
        LogReleased(log, itemId, due.Count, told);
    }

    private async Task LookAgainAsync(long itemId, DateTime now, CancellationToken ct)
    {
        await using var locked = await ItemLock.EnterAsync(db, itemId, ct);
        if (locked is null) return;
        if (await watchers.NotifyFreedAsync(itemId, now, now.AddYears(10), ct) > 0) await locked.CommitAsync(ct);
    }

    private async Task Isolated(long itemId, Func<Task> work, List<Exception> failed, CancellationToken ct)
    {
        try
        {
            await work();
        }
#pragma warning disable CA1031 // One broken item must not keep the others' reservations from being released; the run still fails.
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogFailed(log, ex, itemId);
            failed.Add(ex);
        }
    }

    /// <summary>The card lending/released.</summary>
    public JsonObject Card(LendingItem item, LendingReservation r, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(r);
        var name = CardText.Plain(item.Name);
        var deadline = LendingDays.EndOfFirstDayUtc(r.StartsAtUtc, options.Value);
        return cards.Render("lending/released", lang, new JsonObject
        {
            ["heading"] = strings.Format(lang, "lendingReminders.released.title", name),
            ["text"] = strings.Format(lang, "lendingReminders.released.text", name, Wording.Moment(lang, deadline, nowUtc)),
            ["when"] = new LendingRange(r.StartsAtUtc, r.EndsAtUtc).Text(lang),
            ["itemId"] = item.Id,
            ["reserveTitle"] = strings.Format(lang, "lendingReminders.released.reserve", name),
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending no-shows released: item {ItemId}, {Count} reservations, {Told} waiting people told")]
    private static partial void LogReleased(ILogger logger, long itemId, int count, int told);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending watches past their range deleted: {Count}")]
    private static partial void LogWatchesDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lending no-show or watch check failed for item {ItemId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long itemId);
}
