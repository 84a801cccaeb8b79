using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
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
    LabDbContext db, OutboxWriter outbox, CardRenderer cards, SessionView view, Strings strings, Languages languages,
    DigestSettings digests, IOptions<TrainingsOptions> options, TimeProvider time, ILogger<SendReminders> log) : ILabJob
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
            if (!await AnyNotQueuedAsync(Due(session, await BookedAsync(session.Id, ct), leads, now), ct)) continue;

            await using var locked = await SessionLock.EnterAsync(db, session.Id, ct);
            if (locked is null) continue;
            var current = locked.Session;
            if (current.Status != SessionStatus.Published || current.StartsAtUtc <= now) continue;
            var toolName = await view.ToolNameAsync(current.ToolId, ct);
            // One query for the keys already queued per tenant instead of one per person.
            foreach (var tenant in Due(current, await BookedAsync(current.Id, ct), leads, now).GroupBy(d => d.Registration.TenantId))
            {
                // People who folded training reminders into their digest (off by default: they are time-critical) find
                // the session under "Deine Schulungen" there instead. Their unqueued keys make the cheap look above
                // take the lock each minute for such a session: a few sessions a day, accepted for one rule in one place.
                var folded = await digests.FoldingAsync(tenant.Key, tenant.Select(d => d.Registration.UserAadObjectId), DigestFolds.TrainingReminders, ct);
                var due = tenant.Where(d => !folded.Contains(d.Registration.UserAadObjectId)).ToList();
                if (due.Count == 0) continue;
                var langs = await languages.ForPeopleAsync(tenant.Key, due.Select(d => d.Registration.UserAadObjectId), ct);
                sent += await outbox.ToUsersAsync(tenant.Key, due.Select(d => (d.Key, d.Registration.UserAadObjectId,
                    Activity.Card(Card(current, toolName, langs.Of(d.Registration.UserAadObjectId, d.Registration.Lang), d.Lead, now)))), ct);
            }
            await locked.CommitAsync(ct);
        }
        if (sent > 0) LogSent(log, sent);
    }

    private Task<List<Registration>> BookedAsync(long sessionId, CancellationToken ct) =>
        db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Booked).ToListAsync(ct);

    /// <summary>The reminders due now for these booked people (queued or not), with their outbox keys.</summary>
    private static List<(Registration Registration, string Key, int Lead)> Due(
        TrainingSession session, List<Registration> booked, int[] leads, DateTime now) =>
        [.. booked
            .Select(r => (Registration: r, Lead: ReminderRule.DueLead(session.StartsAtUtc, r.BookedAtUtc ?? r.CreatedAtUtc, leads, now)))
            .Where(d => d.Lead is not null)
            .Select(d => (d.Registration, Key(d.Registration, d.Lead!.Value, session.ScheduleVersion), d.Lead!.Value))];

    private async Task<bool> AnyNotQueuedAsync(List<(Registration Registration, string Key, int Lead)> due, CancellationToken ct)
    {
        if (due.Count == 0) return false;
        var keys = due.Select(d => d.Key).ToList();
        return await db.OutboxMessages().CountAsync(m => keys.Contains(m.DedupeKey), ct) < keys.Count;
    }

    /// <summary>The card trainings/reminder.</summary>
    public JsonObject Card(TrainingSession session, string toolName, string lang, int lead, DateTime nowUtc)
    {
        var deadline = view.CancelDeadline(session);
        var cancelRule = nowUtc < deadline
            ? strings.Format(lang, "trainings.explain.cancelUntil", TrainingTime.Moment(lang, deadline))
            : strings.Format(lang, "trainings.explain.cancelTooLate", TrainingTime.Moment(lang, deadline), view.Contact);
        var startsIn = strings.Format(lang, "trainingsNotices.reminder.startsIn", Wording.Duration(strings, lang, TimeSpan.FromHours(lead)));
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
