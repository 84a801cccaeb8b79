using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Enqueues Graph calls in the caller's unit of work (saved with the change that causes them). A dedupe key already
/// queued adds nothing, so a redelivered click or a re-run job cannot ask Graph twice.
/// </summary>
public sealed class GraphCallWriter(LabDbContext db, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the call to the context unless its dedupe key is queued already; true when added.</summary>
    public async Task<bool> EnqueueAsync(string kind, string dedupeKey, string orderKey, string mailbox, object payload,
        CancellationToken ct, DateTime? notBeforeUtc = null)
    {
        if (db.GraphCalls().Local.Any(c => c.DedupeKey == dedupeKey)
            || await db.GraphCalls().AnyAsync(c => c.DedupeKey == dedupeKey, ct)) return false;
        var now = time.GetUtcNow().UtcDateTime;
        db.GraphCalls().Add(new GraphCall
        {
            Kind = kind,
            DedupeKey = dedupeKey,
            OrderKey = orderKey,
            Mailbox = mailbox,
            PayloadJson = JsonSerializer.Serialize(payload, Json),
            Status = GraphCallStatus.Pending,
            CreatedAtUtc = now,
            NextAttemptAtUtc = notBeforeUtc ?? now,
        });
        return true;
    }
}
