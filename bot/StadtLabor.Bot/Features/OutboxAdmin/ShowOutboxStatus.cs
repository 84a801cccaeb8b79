using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// For the lab team: is anything stuck? Backlog, sent, failed and dead counts, the newest dead letters with the
/// reason, and a button to send the dead ones again. Shows no message content (it may hold personal data).
/// </summary>
public sealed class ShowOutboxStatus(LabDbContext db, TimeProvider time, JobCatalog catalog, JobPeriodStore jobRuns, Strings strings) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("outbox/status", await DataAsync(turn, null, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("outbox/status", await DataAsync(turn, null, ct)));

    /// <summary>The card's data; notice is a line on top (e.g. after a retry), empty for none.</summary>
    public async Task<JsonObject> DataAsync(TurnContext turn, string? notice, CancellationToken ct)
    {
        var counts = await db.OutboxMessages().AsNoTracking()
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(OutboxStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        var oldestPending = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.CreatedAtUtc).Select(m => (DateTime?)m.CreatedAtUtc).FirstOrDefaultAsync(ct);
        var dead = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Dead).OrderByDescending(m => m.Id).Take(5)
            .Select(m => new { m.Id, m.CreatedAtUtc, m.Attempts, m.LastError }).ToListAsync(ct);

        var culture = CultureInfo.GetCultureInfo(turn.Lang == "en" ? "en-GB" : "de-DE");
        var now = time.GetUtcNow().UtcDateTime;
        var jobs = await JobsAsync(turn, now, ct);
        var waitingMinutes = oldestPending is { } oldest ? (int)(now - oldest).TotalMinutes : 0;
        return new JsonObject
        {
            ["notice"] = notice ?? "",
            ["pending"] = Count(OutboxStatus.Pending).ToString("N0", culture),
            ["sent"] = Count(OutboxStatus.Sent).ToString("N0", culture),
            ["failed"] = Count(OutboxStatus.Failed).ToString("N0", culture),
            ["dead"] = Count(OutboxStatus.Dead).ToString("N0", culture),
            ["oldestPendingMinutes"] = waitingMinutes.ToString(culture),
            ["hasPending"] = Count(OutboxStatus.Pending) > 0,
            ["hasDead"] = Count(OutboxStatus.Dead) > 0,
            ["jobs"] = jobs,
            ["deadLetters"] = new JsonArray(dead.Select(d => (JsonNode)new JsonObject
            {
                // The moment with its weekday (card convention); the row id would tell the lab team nothing.
                ["title"] = Wording.Moment(turn.Lang, d.CreatedAtUtc, now),
                ["value"] = turn.Format("outbox.attempts", d.LastError ?? "?", d.Attempts),
            }).ToArray()),
        };
    }

    /// <summary>
    /// Every scheduled job with how it last went, so a failing job is seen here and not only in a log: when, the
    /// incident id (to find the log line) and the exception type; never the message, which may quote personal data.
    /// </summary>
    private async Task<JsonArray> JobsAsync(TurnContext turn, DateTime nowUtc, CancellationToken ct)
    {
        var status = (await jobRuns.StatusAsync(ct)).ToDictionary(s => s.JobName, StringComparer.OrdinalIgnoreCase);
        string When(DateTimeOffset at) => Wording.Moment(turn.Lang, at.UtcDateTime, nowUtc);
        return new JsonArray(catalog.Jobs.Select(job => (JsonNode)new JsonObject
        {
            // The job in words ("Erinnerungen an Schulungen"); every job of the app has them (JobWordsTests), a job
            // registered only by a test keeps its name.
            ["title"] = strings.Has(turn.Lang, $"outbox.jobs.{job.Name}") ? turn.Word($"outbox.jobs.{job.Name}") : job.Name,
            ["value"] = status.GetValueOrDefault(job.Name) switch
            {
                null => turn.Word("outbox.jobNeverRan"),
                { Failing: true } s => turn.Format("outbox.jobFailed", When(s.LastFailureAt!.Value), s.LastFailureIncident, s.LastFailureType,
                    s.LastSuccessAt is { } ok ? When(ok) : turn.Word("outbox.jobNeverSucceeded")),
                { LastSuccessAt: { } ok } => turn.Format("outbox.jobOk", When(ok)),
                _ => turn.Word("outbox.jobNeverRan"),
            },
        }).ToArray());
    }
}
