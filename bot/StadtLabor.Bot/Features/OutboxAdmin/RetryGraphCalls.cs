using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// The lab team fixed the cause (a permission granted, Graph back) and has the dead Graph calls made again: each is
/// pending with fresh attempts, due now, in its old place in its order key (handlers are idempotent, so a call that
/// did partly reach Graph does no harm). One statement, so a second click finds nothing dead and changes nothing.
/// </summary>
public sealed class RetryGraphCalls(LabDbContext db, ShowOutboxStatus status, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var retried = await MakeAgainAsync(db, time.GetUtcNow().UtcDateTime, ct);
        var notice = turn.Format("graphCalls.retried", retried);
        return new VerbResult.Card(turn.Card("outbox/status", await status.DataAsync(turn, notice, ct)));
    }

    /// <summary>Every dead call back to pending, due now with fresh attempts (the card's button and the status page's).</summary>
    public static Task<int> MakeAgainAsync(LabDbContext db, DateTime nowUtc, CancellationToken ct) =>
        db.GraphCalls()
            .Where(c => c.Status == GraphCallStatus.Dead)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, GraphCallStatus.Pending)
                .SetProperty(c => c.Attempts, 0)
                .SetProperty(c => c.NextAttemptAtUtc, nowUtc)
                .SetProperty(c => c.DoneAtUtc, (DateTime?)null)
                // The old status code must not read as a Retry-After pause of the mailbox.
                .SetProperty(c => c.LastStatusCode, (int?)null)
                .SetProperty(c => c.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(c => c.ClaimedBy, (string?)null), ct);
}
