using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Jobs;

/// <summary>
/// Working days at 9:00: each person with something to do gets ONE message listing all of it (<see cref="ReminderPlan"/>):
/// loans overdue, returns and pickups up to the next working day. The outbox key holds the person and the Berlin
/// date, so a second run, a retry or a run after a restart on the same day sends nothing more, and tomorrow's run
/// chases an overdue loan again. Each person's reservations are read again under the item locks, so a return or a
/// cancellation committing at the same moment either comes first (not listed) or waits until the message is queued.
/// </summary>
public sealed partial class SendLendingReminders(
    LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages,
    TimeProvider time, ILogger<SendLendingReminders> log) : ILabJob
{
    public const string Name = "LendingReminders";
    public const string DefaultCron = "0 0 9 ? * MON-FRI";

    public static string Key(string userAadObjectId, DateOnly day) =>
        $"lending.reminder:{userAadObjectId}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        // The schedule skips weekends and holidays; a retry or a hand-started run on such a day must not send either.
        if (!WorkingDays.IsWorkingDay(today)) return;
        var now = time.GetUtcNow().UtcDateTime;
        var (_, toUtc) = ReminderPlan.WindowUtc(today);

        var people = await Candidates(now, toUtc).Select(r => new { r.TenantId, r.UserAadObjectId }).Distinct().ToListAsync(ct);
        var sent = 0;
        var failed = new List<Exception>();
        foreach (var person in people)
        {
            try
            {
                if (await RemindAsync(person.TenantId, person.UserAadObjectId, today, now, toUtc, ct)) sent++;
            }
#pragma warning disable CA1031 // One person's broken row must not keep everyone else's reminder back; the run still fails below.
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogFailed(log, ex);
                failed.Add(ex);
            }
        }
        if (sent > 0) LogSent(log, sent);
        if (failed.Count > 0) throw new AggregateException("Lending reminders failed for some people", failed);
    }

    /// <summary>Reservations that may need a line: lent ones due before the window ends, confirmed pickups before it ends.</summary>
    private IQueryable<LendingReservation> Candidates(DateTime now, DateTime toUtc) =>
        db.LendingReservations().AsNoTracking().Where(r =>
            (r.Status == ReservationStatus.Lent && r.EndsAtUtc < toUtc)
            || (r.Status == ReservationStatus.Confirmed && r.StartsAtUtc > now && r.StartsAtUtc < toUtc));

    private async Task<bool> RemindAsync(string tenantId, string user, DateOnly today, DateTime now, DateTime toUtc, CancellationToken ct)
    {
        var key = Key(user, today);
        // A cheap look without the locks first: after a restart most people were reminded already.
        if (await db.OutboxMessages().AnyAsync(m => m.DedupeKey == key, ct)) return false;
        var itemIds = await Candidates(now, toUtc).Where(r => r.UserAadObjectId == user).Select(r => r.ItemId).Distinct().ToListAsync(ct);

        await using var locked = await ItemLock.EnterAllAsync(db, itemIds, ct);
        if (locked is null) return false;
        var mine = await Candidates(now, toUtc).Where(r => r.UserAadObjectId == user && r.TenantId == tenantId).ToListAsync(ct);
        var lines = ReminderPlan.Lines(mine, today, now);
        if (lines.Count == 0) return false;
        var names = await db.LendingItems().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var lang = await languages.ForPersonAsync(tenantId, user, lines[0].Reservation.Lang, ct);
        var added = await outbox.ToUserAsync(key, tenantId, user, Activity.Card(Card(lines, names, lang, now)), ct);
        await locked.CommitAsync(ct);
        return added;
    }

    /// <summary>The card lending/reminder.</summary>
    public JsonObject Card(IReadOnlyList<ReminderLine> lines, IReadOnlyDictionary<long, string> itemNames, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(itemNames);
        JsonArray Group(ReminderKind kind) => [.. lines.Where(l => l.Kind == kind).Select(l => (JsonNode)Line(l, itemNames, lang, nowUtc))];
        var extendable = lines.Where(l => l.Kind is ReminderKind.Overdue or ReminderKind.ReturnDue).ToList();
        var overdue = Group(ReminderKind.Overdue);
        var returns = Group(ReminderKind.ReturnDue);
        var pickups = Group(ReminderKind.Pickup);
        return cards.Render("lending/reminder", lang, new JsonObject
        {
            ["overdue"] = overdue,
            ["hasOverdue"] = overdue.Count > 0,
            ["returns"] = returns,
            ["hasReturns"] = returns.Count > 0,
            ["pickups"] = pickups,
            ["hasPickups"] = pickups.Count > 0,
            ["extend"] = new JsonArray([.. extendable.Select(l => (JsonNode)new JsonObject
            {
                ["reservationId"] = l.Reservation.Id,
                ["title"] = strings.Format(lang, "lendingReminders.reminder.extendItem",
                    ItemName(l.Reservation, itemNames, lang), Wording.Day(lang, DateOnly.FromDateTime(Trainings.TrainingTime.ToBerlin(l.Reservation.EndsAtUtc)), nowUtc)),
            })]),
            ["hasExtend"] = extendable.Count > 0,
        });
    }

    private JsonObject Line(ReminderLine line, IReadOnlyDictionary<long, string> itemNames, string lang, DateTime nowUtc)
    {
        var r = line.Reservation;
        var place = CardText.Plain(r.PickupPlace);
        var text = line.Kind switch
        {
            ReminderKind.Overdue => strings.Format(lang, "lendingReminders.reminder.overdueSince", Wording.Moment(lang, r.EndsAtUtc, nowUtc)),
            ReminderKind.ReturnDue => strings.Format(lang, "lendingReminders.reminder.returnAt", Wording.Moment(lang, r.EndsAtUtc, nowUtc)),
            _ => strings.Format(lang, "lendingReminders.reminder.pickupAt", Wording.Moment(lang, r.StartsAtUtc, nowUtc), Wording.Moment(lang, r.EndsAtUtc, nowUtc)),
        };
        return new JsonObject
        {
            ["id"] = r.Id,
            ["item"] = ItemName(r, itemNames, lang),
            ["text"] = text,
            ["place"] = place.Length > 0 ? strings.Format(lang, "lendingReminders.reminder.place", place) : "",
            ["hasPlace"] = place.Length > 0,
        };
    }

    private string ItemName(LendingReservation r, IReadOnlyDictionary<long, string> itemNames, string lang)
    {
        var name = CardText.Plain(itemNames.GetValueOrDefault(r.ItemId, ""));
        return r.Quantity > 1 ? strings.Format(lang, "lendingReminders.quantity", name, r.Quantity) : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending reminders enqueued: {Count} people")]
    private static partial void LogSent(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lending reminder failed for one person")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
