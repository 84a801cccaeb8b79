using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace StadtLabor.Bot.Data;

/// <summary>
/// A transaction a handler or job needs for its own writes (a seat change, feedback with its gate). Inside a turn
/// the error boundary already holds the turn's transaction, so this becomes a savepoint in it: an early return
/// without commit still undoes the handler's part, and a crash later in the turn undoes everything. Outside a turn
/// (jobs) it is an ordinary transaction. Use this instead of Database.BeginTransactionAsync, which refuses to nest.
/// </summary>
public sealed class LabTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _own;
    private readonly IDbContextTransaction? _outer;
    private readonly string _savepoint = "";
    private bool _done;

    private LabTransaction(IDbContextTransaction? own, IDbContextTransaction? outer, string savepoint)
    {
        _own = own;
        _outer = outer;
        _savepoint = savepoint;
    }

    public static async Task<LabTransaction> BeginAsync(LabDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A turn that has not written yet: this is its first write, so the turn's transaction opens now.
        if (db.AwaitsFirstWrite) await db.Database.BeginTransactionAsync(ct);
        if (db.Database.CurrentTransaction is { } outer)
        {
            var name = "lab_" + Guid.NewGuid().ToString("N")[..12];
            await outer.CreateSavepointAsync(name, ct);
            return new LabTransaction(null, outer, name);
        }
        return new LabTransaction(await db.Database.BeginTransactionAsync(ct), null, "");
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_own is not null) await _own.CommitAsync(ct);
        else await _outer!.ReleaseSavepointAsync(_savepoint, ct);
        _done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
            return;
        }
        // Not committed: undo this part only; the turn decides about the rest.
        if (!_done && _outer is not null) await _outer.RollbackToSavepointAsync(_savepoint);
    }
}
