using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.OutboxAdmin;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Status;

/// <summary>
/// "Versand &amp; Jobs" for the lab team: the facts of the "postausgang" card (OutboxOverview) on one page, and the
/// card's "send the dead letters again" (RetryDeadLetters). No message content, no recipient, no exception message.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class LabStatusModel(OutboxOverview overview, GraphCallsOverview graphCalls, LabDbContext db, TimeProvider time, Strings strings) : LabPageModel
{
    /// <summary>More would not help the lab team decide; the count above says how many there are.</summary>
    public const int DeadShown = 20;

    public OutboxOverview.Counts Counts { get; private set; } = null!;
    public IReadOnlyList<OutboxOverview.DeadLetter> Dead { get; private set; } = [];
    public IReadOnlyList<OutboxOverview.Job> Jobs { get; private set; } = [];
    public DateTime NowUtc { get; private set; }
    public GraphCallsOverview.Counts GraphCounts { get; private set; } = null!;
    public IReadOnlyList<GraphCallsOverview.DeadCall> GraphDead { get; private set; } = [];
    public bool GraphShown { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        NowUtc = time.GetUtcNow().UtcDateTime;
        Counts = await overview.CountsAsync(ct);
        Dead = await overview.DeadLettersAsync(DeadShown, ct);
        Jobs = await overview.JobsAsync(withNextRun: true, ct);
        GraphCounts = await graphCalls.CountsAsync(ct);
        GraphShown = graphCalls.Shown(GraphCounts);
        if (GraphCounts.Dead > 0) GraphDead = await graphCalls.DeadAsync(DeadShown, ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        var retried = await RetryDeadLetters.SendAgainAsync(db, time.GetUtcNow().UtcDateTime, ct);
        return Done(string.Format(W.Culture, W.Any("outbox.retried"), retried), "/labor/status");
    }

    public async Task<IActionResult> OnPostRetryGraphAsync(CancellationToken ct)
    {
        var retried = await RetryGraphCalls.MakeAgainAsync(db, time.GetUtcNow().UtcDateTime, ct);
        return Done(AnyFormat("graphCalls.retried", retried), "/labor/status");
    }

    /// <summary>A word outside the pages section, formatted (the Graph section's words are shared with the card).</summary>
    public string AnyFormat(string key, params object?[] args) => strings.Format(W.Lang, key, args);

    public string Moment(DateTimeOffset at) => Wording.Moment(W.Lang, at.UtcDateTime, NowUtc);

    public string Number(int value) => value.ToString("N0", W.Culture);

    /// <summary>The job in words, as on the card; a job without words (test-only) keeps its name.</summary>
    public string JobTitle(string name) => strings.Has(W.Lang, $"outbox.jobs.{name}") ? W.Any($"outbox.jobs.{name}") : name;
}
