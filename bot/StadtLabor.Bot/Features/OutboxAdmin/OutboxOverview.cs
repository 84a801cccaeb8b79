using Microsoft.EntityFrameworkCore;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// The facts behind the lab team's "postausgang" card and the status page (/labor/status): how many messages wait,
/// are being sent, went out, gave up; which ones gave up and why; how each scheduled job last went and when it runs
/// next. Never a message's content or recipient (they may hold personal data), never an exception's message.
/// </summary>
public sealed class OutboxOverview(LabDbContext db, TimeProvider time, JobCatalog catalog, JobPeriodStore jobRuns, ISchedulerFactory schedulers)
{
    /// <summary>Waiting: pending and nobody sending it; Sending: pending with a dispatcher's lease running.</summary>
    public sealed record Counts(int Waiting, int Sending, int Sent, int SentToday, int Failed, int Dead, DateTime? OldestPendingUtc)
    {
        public int Pending => Waiting + Sending;
    }

    /// <summary>A message the outbox gave up on: its kind (the purpose part of its key), when, how often tried, the last reason.</summary>
    public sealed record DeadLetter(string Kind, DateTime CreatedAtUtc, int Attempts, string? LastError);

    /// <summary>A scheduled job: how it last went (null: never ran) and its next run (null: switched off, or not asked).</summary>
    public sealed record Job(string Name, JobStatus? Status, DateTimeOffset? NextRunAt);

    public async Task<Counts> CountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var today = LabTime.StartOfDay(LabTime.BerlinDate(now)).UtcDateTime;
        var messages = db.OutboxMessages().AsNoTracking();
        var byStatus = await messages.GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(OutboxStatus status) => byStatus.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        var sending = await messages.CountAsync(m => m.Status == OutboxStatus.Pending && m.LeaseUntilUtc > nowUtc, ct);
        var sentToday = await messages.CountAsync(m => m.Status == OutboxStatus.Sent && m.SentAtUtc >= today, ct);
        var oldestPending = await messages.Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.CreatedAtUtc).Select(m => (DateTime?)m.CreatedAtUtc).FirstOrDefaultAsync(ct);
        return new Counts(Count(OutboxStatus.Pending) - sending, sending, Count(OutboxStatus.Sent), sentToday,
            Count(OutboxStatus.Failed), Count(OutboxStatus.Dead), oldestPending);
    }

    /// <summary>The newest dead letters first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int take, CancellationToken ct)
    {
        var dead = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Dead).OrderByDescending(m => m.Id).Take(take)
            .Select(m => new { m.DedupeKey, m.CreatedAtUtc, m.Attempts, m.LastError }).ToListAsync(ct);
        return [.. dead.Select(d => new DeadLetter(d.DedupeKey.Split(':')[0], d.CreatedAtUtc, d.Attempts, d.LastError))];
    }

    /// <summary>
    /// Every job of the app in catalogue order, with its last runs (job_status) and, when asked, the scheduler's next
    /// fire time. The card does not ask: it runs inside the turn's transaction, and on SQLite Quartz's own connection
    /// would wait for that transaction's write lock.
    /// </summary>
    public async Task<IReadOnlyList<Job>> JobsAsync(bool withNextRun, CancellationToken ct)
    {
        var status = (await jobRuns.StatusAsync(ct)).ToDictionary(s => s.JobName, StringComparer.OrdinalIgnoreCase);
        var scheduler = withNextRun ? await schedulers.GetScheduler(ct) : null;
        var jobs = new List<Job>();
        foreach (var job in catalog.Jobs)
        {
            var next = scheduler is null ? null : (await scheduler.GetTrigger(new TriggerKey(job.Name, JobSchedules.Group), ct))?.NextFireTimeUtc;
            jobs.Add(new Job(job.Name, status.GetValueOrDefault(job.Name), next));
        }
        return jobs;
    }
}
