using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings.Jobs;

/// <summary>
/// Every minute: booked people of published sessions get a reminder card once per configured lead
/// (<see cref="TrainingsOptions.ReminderHoursBefore"/>, rule in <see cref="ReminderRule"/>). The outbox key holds the
/// registration, the lead and the session's <see cref="TrainingSession.ScheduleVersion"/>: a second run sends nothing,
/// and a moved session reminds for its new time. Only current rows are read, so cancelled sign-ups and cancelled
/// sessions get nothing; what is due is decided again under the session lock, so a cancellation committing at the
/// same moment either comes first (no reminder) or waits until the reminder is queued.
/// </summary>
public sealed partial class SendReminders(
    LabDbContext db, SeatChange seats, OutboxWriter outbox, CardRenderer cards, SessionView view, Strings strings,
    IOptions<TrainingsOptions> options, TimeProvider time, ILogger<SendReminders> log) : ILabJob
{
    public const string Name = "TrainingReminders";
    public const string DefaultCron = "0 * * * * ?";

    public static string Key(Registration r, int lead, int scheduleVersion) => $"trainings.reminder:{r.Id}:{lead}h:v{scheduleVersion}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var leads = options.Value.ReminderHoursBefore;
        if (leads.Length == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        var horizon = now.AddHours(leads.Max());
        var sessions = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.Status == SessionStatus.Published && s.StartsAtUtc > now && s.StartsAtUtc <= horizon)
            .OrderBy(s => s.StartsAtUtc).ToListAsync(ct);

        var sent = 0;
        foreach (var session in sessions)
        {
            // A cheap look without the lock first: most minutes nothing is due for most sessions.
            if ((await DueAsync(session, leads, now, ct)).Count == 0) continue;
            sent += await seats.RunAsync(session.Id, async locked =>
            {
                if (locked.Status != SessionStatus.Published || locked.StartsAtUtc <= now) return 0;
                var count = 0;
                var toolName = await view.ToolNameAsync(locked.ToolId, ct);
                foreach (var (registration, key, lead) in await DueAsync(locked, leads, now, ct))
                {
                    if (await outbox.ToUserAsync(key, registration.TenantId, registration.UserAadObjectId,
                            Activity.Card(Card(locked, toolName, registration.Lang, lead, now)), ct))
                        count++;
                }
                return count;
            }, ct);
        }
        if (sent > 0) LogSent(log, sent);
    }

    /// <summary>Booked people of the session whose reminder is due now and not queued yet.</summary>
    private async Task<List<(Registration Registration, string Key, int Lead)>> DueAsync(
        TrainingSession session, int[] leads, DateTime now, CancellationToken ct)
    {
        var booked = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Booked).ToListAsync(ct);
        var due = booked
            .Select(r => (Registration: r, Lead: ReminderRule.DueLead(session.StartsAtUtc, r.BookedAtUtc ?? r.CreatedAtUtc, leads, now)))
            .Where(d => d.Lead is not null)
            .Select(d => (d.Registration, Key: Key(d.Registration, d.Lead!.Value, session.ScheduleVersion), Lead: d.Lead!.Value))
            .ToList();
        if (due.Count == 0) return due;
        // One query instead of one per person; the outbox's own check still guards the rest.
        var keys = due.Select(d => d.Key).ToList();
        var done = (await db.OutboxMessages().Where(m => keys.Contains(m.DedupeKey)).Select(m => m.DedupeKey).ToListAsync(ct)).ToHashSet();
        return [.. due.Where(d => !done.Contains(d.Key))];
    }

    /// <summary>The card trainings/reminder.</summary>
    public JsonObject Card(TrainingSession session, string toolName, string lang, int lead, DateTime nowUtc)
    {
        var deadline = view.CancelDeadline(session);
        var cancelRule = nowUtc < deadline
            ? strings.Format(lang, "trainings.explain.cancelUntil", TrainingTime.Moment(lang, deadline))
            : strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, deadline), view.Contact);
        var startsIn = lead == 1
            ? strings.Get(lang, "trainingsNotices.reminder.startsInOneHour")
            : strings.Format(lang, "trainingsNotices.reminder.startsInHours", lead);
        return cards.Render("trainings/reminder", lang, new JsonObject
        {
            ["session"] = view.Summary(session, toolName, lang),
            ["startsIn"] = startsIn,
            ["cancelRule"] = cancelRule,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training reminders enqueued: {Count}")]
    private static partial void LogSent(ILogger logger, int count);
}
