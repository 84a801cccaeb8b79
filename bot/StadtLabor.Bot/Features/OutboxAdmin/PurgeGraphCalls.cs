using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// Finished Graph calls (made, or given up) 30 days after they finished. An installation call names the person it
/// installed the app for (object id) and a calendar call the session; neither is needed once the call is done, and the
/// status card only shows recent dead calls. Pending calls are never touched: they are work still to do.
/// </summary>
public sealed class PurgeGraphCalls(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "GraphCalls";

    public int DefaultDays => 30;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.GraphCalls().Where(c => c.Status != GraphCallStatus.Pending && c.DoneAtUtc != null && c.DoneAtUtc < cutoffUtc)
            .ExecuteDeleteAsync(ct);
}
