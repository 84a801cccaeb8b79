using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// The facts about the Graph call queue (graph_calls) behind the status card and /labor/status: how many calls wait or
/// run, which gave up, when and why (status code and Graph's error code). Never a call's payload or the person it is
/// about: the kind and the reason are enough to act on.
/// </summary>
public sealed class GraphCallsOverview(LabDbContext db, TimeProvider time, IOptions<GraphOptions> graph)
{
    /// <summary>Waiting: pending and nobody making it; Running: pending with a worker's lease running.</summary>
    public sealed record Counts(int Waiting, int Running, int Dead, DateTime? OldestPendingUtc)
    {
        public int Pending => Waiting + Running;
    }

    /// <summary>A call the queue gave up on: its kind, when it gave up, how often it was tried, the last reason.</summary>
    public sealed record DeadCall(string Kind, DateTime GaveUpAtUtc, int Attempts, string? Reason);

    /// <summary>The section is shown when Graph is on, or when calls from a time it was on are still there.</summary>
    public bool Shown(Counts counts) => graph.Value.Enabled || counts.Pending + counts.Dead > 0;

    public async Task<Counts> CountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var calls = db.GraphCalls().AsNoTracking();
        var open = await calls.Where(c => c.Status == GraphCallStatus.Pending || c.Status == GraphCallStatus.Dead)
            .GroupBy(c => new { c.Status, Running = c.LeaseUntilUtc > now })
            .Select(g => new { g.Key.Status, g.Key.Running, Count = g.Count(), Oldest = g.Min(c => c.CreatedAtUtc) }).ToListAsync(ct);
        var pending = open.Where(g => g.Status == GraphCallStatus.Pending).ToList();
        return new Counts(
            pending.Where(g => !g.Running).Sum(g => g.Count),
            pending.Where(g => g.Running).Sum(g => g.Count),
            open.Where(g => g.Status == GraphCallStatus.Dead).Sum(g => g.Count),
            pending.Count == 0 ? null : pending.Min(g => g.Oldest));
    }

    /// <summary>The calls that gave up most recently first.</summary>
    public async Task<IReadOnlyList<DeadCall>> DeadAsync(int take, CancellationToken ct) =>
        (await db.GraphCalls().AsNoTracking().Where(c => c.Status == GraphCallStatus.Dead)
            .OrderByDescending(c => c.DoneAtUtc ?? c.CreatedAtUtc).ThenByDescending(c => c.Id).Take(take)
            .Select(c => new { c.Kind, c.DoneAtUtc, c.CreatedAtUtc, c.Attempts, c.LastError }).ToListAsync(ct))
        .Select(c => new DeadCall(c.Kind, c.DoneAtUtc ?? c.CreatedAtUtc, c.Attempts, c.LastError)).ToList();
}
