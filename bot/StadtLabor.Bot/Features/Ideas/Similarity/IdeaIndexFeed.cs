using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Similarity;

/// <summary>
/// Keeps the one <see cref="IdeaTextIndex"/> of the app (a singleton) in step with the ideas table: everything once,
/// then before each search only what came in or changed since, so a search never reads all ideas again. Each app
/// instance keeps its own index from the shared database, so several instances stay right without talking to each
/// other.
/// </summary>
/// <remarks>
/// What changed is found by two watermarks: ids above the highest seen, and UpdatedAtUtc from a while before the
/// latest seen. The overlap is there because a transaction that took its id or its time earlier can commit later than
/// one we already read (PostgreSQL hands out ids before commit); rows read again with the same text cost a hash
/// comparison. A status change that leaves UpdatedAtUtc alone is caught anyway: <see cref="SimilarIdeas"/> reads the
/// status of the ideas it found fresh from the database.
/// </remarks>
public sealed class IdeaIndexFeed : IDisposable
{
    /// <summary>How far before the latest UpdatedAtUtc seen the next look starts again.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _maxId;
    private DateTime? _maxUpdated;
    private bool _loaded;

    public IdeaTextIndex Index { get; } = new();

    /// <summary>Brings the index up to date with the database (the first call loads all ideas).</summary>
    public async Task CatchUpAsync(LabDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _gate.WaitAsync(ct);
        try
        {
            var query = db.Ideas().AsNoTracking();
            var above = _maxId;
            if (_maxUpdated is { } latest)
            {
                var since = DateTime.SpecifyKind(latest - Overlap, DateTimeKind.Utc);
                query = query.Where(i => i.Id > above || i.UpdatedAtUtc >= since);
            }
            else if (_loaded) query = query.Where(i => i.Id > above);
            var rows = await query
                .Select(i => new { i.Id, i.Title, i.Description, i.Status, i.UpdatedAtUtc })
                .ToListAsync(ct);
            _loaded = true;
            if (rows.Count == 0) return;

            var upserts = new List<IdeaText>(rows.Count);
            var removals = new List<long>();
            foreach (var row in rows)
            {
                // Rejected and merged ideas are never offered: supporting them leads nowhere.
                if (Offered(row.Status)) upserts.Add(new IdeaText(row.Id, row.Title, row.Description));
                else removals.Add(row.Id);
                _maxId = Math.Max(_maxId, row.Id);
                var updated = DateTime.SpecifyKind(row.UpdatedAtUtc, DateTimeKind.Utc);
                if (_maxUpdated is null || updated > _maxUpdated) _maxUpdated = updated;
            }
            Index.Apply(upserts, removals);
        }
        finally { _gate.Release(); }
    }

    public void Dispose()
    {
        _gate.Dispose();
        Index.Dispose();
    }

    public static bool Offered(IdeaStatus status) => status is not (IdeaStatus.Rejected or IdeaStatus.Merged);
}
