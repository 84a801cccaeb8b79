using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// The lab team fixed the cause (e.g. a Teams outage is over) and sends the dead letters again. Each gets a fresh
/// set of attempts; recipients that are gone stay failed (sending to them again would only fail again).
/// </summary>
public sealed class RetryDeadLetters(LabDbContext db, ShowOutboxStatus status, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var retried = await SendAgainAsync(db, time.GetUtcNow().UtcDateTime, ct);
        var notice = string.Format(System.Globalization.CultureInfo.InvariantCulture, turn.Word("outbox.retried"), retried);
        return new VerbResult.Card(turn.Card("outbox/status", await status.DataAsync(turn, notice, ct)));
    }

    /// <summary>Every dead letter back to pending, due now with fresh attempts (the card's button and the status page's).</summary>
    public static Task<int> SendAgainAsync(LabDbContext db, DateTime nowUtc, CancellationToken ct) =>
        db.OutboxMessages()
            .Where(m => m.Status == OutboxStatus.Dead)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAtUtc, nowUtc)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), ct);
}
