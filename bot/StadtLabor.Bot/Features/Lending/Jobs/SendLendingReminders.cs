using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Jobs;

/// <summary>
/// Working days at 9:00: each person with something to do gets ONE message listing all of it (<see cref="ReminderPlan"/>):
/// loans overdue, returns and pickups up to the next working day. The outbox key holds the person and the Berlin
/// date, so a second run, a retry or a run after a restart on the same day sends nothing more, and tomorrow's run
/// chases an overdue loan again. A reminder changes no reservation, so it takes no item lock: everything is read in
/// one go and queued in one save (200 people in about a second; a lock per person took 30). A return committing in
/// the same second may still be listed as due, which the person can ignore; a lost reminder is the worse mistake.
/// </summary>
public sealed partial class SendLendingReminders(
    LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages, DigestSettings digests,
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

        // Lent ones due before the window ends, confirmed pickups before it ends: a superset of the lines.
        var candidates = await db.LendingReservations().AsNoTracking()
            .Where(r => (r.Status == ReservationStatus.Lent && r.EndsAtUtc < toUtc)
                || (r.Status == ReservationStatus.Confirmed && r.StartsAtUtc > now && r.StartsAtUtc < toUtc))
            .ToListAsync(ct);
        var itemIds = candidates.Select(r => r.ItemId).Distinct().ToList();
        var names = await db.LendingItems().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);

        // Who was reminded today already (a second run, a restart) gets no card rendered at all.
        var keys = candidates.Select(r => Key(r.UserAadObjectId, today)).Distinct().ToList();
        var queued = (await db.OutboxMessages().AsNoTracking().Where(m => keys.Contains(m.DedupeKey)).Select(m => m.DedupeKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var sent = 0;
        foreach (var tenant in candidates.GroupBy(r => r.TenantId))
        {
            var people = tenant.GroupBy(r => r.UserAadObjectId)
                .Where(p => !queued.Contains(Key(p.Key, today)))
                .Select(p => (User: p.Key, Lines: ReminderPlan.Lines(p, today, now)))
                .Where(p => p.Lines.Count > 0).ToList();
            var folded = await digests.FoldingAsync(tenant.Key, people.Select(p => p.User), DigestFolds.LendingDueDates, ct);
            people = [.. people.Where(p => !folded.Contains(p.User))];
            if (people.Count == 0) continue;
            var langs = await languages.ForPeopleAsync(tenant.Key, people.Select(p => p.User), ct);
            sent += await outbox.ToUsersAsync(tenant.Key, people.Select(p => (Key(p.User, today), p.User,
                Activity.Card(Card(p.Lines, names, langs.Of(p.User, p.Lines[0].Reservation.Lang), now)))), ct);
        }
        await db.SaveChangesAsync(ct);
        if (sent > 0) LogSent(log, sent);
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
}
