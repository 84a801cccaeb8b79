using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// For the lab team: is anything stuck? Backlog, sent, failed and dead counts, the newest dead letters with the
/// reason, and a button to send the dead ones again. Shows no message content (it may hold personal data).
/// </summary>
public sealed class ShowOutboxStatus(OutboxOverview overview, GraphCallsSection graphCalls, DigestResponseRates digestRates, SmallGroups smallGroups,
    TimeProvider time, Strings strings) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("outbox/status", await DataAsync(turn, null, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("outbox/status", await DataAsync(turn, null, ct)));

    /// <summary>The card's data; notice is a line on top (e.g. after a retry), empty for none.</summary>
    public async Task<JsonObject> DataAsync(TurnContext turn, string? notice, CancellationToken ct)
    {
        var counts = await overview.CountsAsync(ct);
        var dead = await overview.DeadLettersAsync(5, ct);

        var culture = CultureInfo.GetCultureInfo(turn.Lang == "en" ? "en-GB" : "de-DE");
        var now = time.GetUtcNow().UtcDateTime;
        var jobs = await JobsAsync(turn, now, ct);
        var digests = await DigestResponsesAsync(turn, culture, ct);
        var waitingMinutes = counts.OldestPendingUtc is { } oldest ? (int)(now - oldest).TotalMinutes : 0;
        return new JsonObject
        {
            ["notice"] = notice ?? "",
            ["pending"] = counts.Pending.ToString("N0", culture),
            ["sent"] = counts.Sent.ToString("N0", culture),
            ["failed"] = counts.Failed.ToString("N0", culture),
            ["dead"] = counts.Dead.ToString("N0", culture),
            ["oldestPendingMinutes"] = waitingMinutes.ToString(culture),
            ["hasPending"] = counts.Pending > 0,
            ["hasDead"] = counts.Dead > 0,
            ["jobs"] = jobs,
            ["graph"] = await graphCalls.DataAsync(turn, now, ct),
            ["digestResponses"] = digests,
            ["hasDigestResponses"] = digests.Count > 0,
            ["deadLetters"] = new JsonArray(dead.Select(d => (JsonNode)new JsonObject
            {
                // The moment with its weekday (card convention); the row id would tell the lab team nothing.
                ["title"] = Wording.Moment(turn.Lang, d.CreatedAtUtc, now),
                ["value"] = turn.Format("outbox.attempts", d.LastError ?? "?", d.Attempts),
            }).ToArray()),
        };
    }

    /// <summary>Response rate per digest edition ("Gelesen"/"Erledigt"/"Später"), counts only and from k people.</summary>
    private async Task<JsonArray> DigestResponsesAsync(TurnContext turn, CultureInfo culture, CancellationToken ct)
    {
        string Count(Figure f) => f switch
        {
            { Shown: true, People: { } n } => n.ToString("N0", culture),
            { Why: Withheld.TooFew } => turn.Format("smallGroups.fewerThan", smallGroups.MinGroupSize),
            _ => turn.Word("smallGroups.withheld"),
        };
        return new JsonArray([.. (await digestRates.RecentAsync(8, ct)).Select(r => (JsonNode)new JsonObject
        {
            ["title"] = turn.Format("digestsPersonal.status.kinds." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(r.Kind.ToString()), r.PeriodKey),
            ["value"] = r.Percent is { } percent
                ? turn.Format("digestsPersonal.status.linePercent", Count(r.Sent), Count(r.Answered), percent.ToString("N0", culture))
                : turn.Format("digestsPersonal.status.line", Count(r.Sent), Count(r.Answered)),
        })]);
    }

    /// <summary>
    /// Every scheduled job with how it last went, so a failing job is seen here and not only in a log: when, the
    /// incident id (to find the log line) and the exception type; never the message, which may quote personal data.
    /// </summary>
    private async Task<JsonArray> JobsAsync(TurnContext turn, DateTime nowUtc, CancellationToken ct)
    {
        string When(DateTimeOffset at) => Wording.Moment(turn.Lang, at.UtcDateTime, nowUtc);
        return new JsonArray((await overview.JobsAsync(withNextRun: false, ct)).Select(job => (JsonNode)new JsonObject
        {
            // The job in words ("Erinnerungen an Schulungen"); every job of the app has them (JobWordsTests), a job
            // registered only by a test keeps its name.
            ["title"] = strings.Has(turn.Lang, $"outbox.jobs.{job.Name}") ? turn.Word($"outbox.jobs.{job.Name}") : job.Name,
            ["value"] = job.Status switch
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
