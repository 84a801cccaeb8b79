using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StadtLabor.Bot.Data;

/// <summary>
/// SQLite lets one connection write at a time. When a second one asks, Microsoft.Data.Sqlite answers "busy" by
/// putting the thread to sleep for 150 ms and asking again, until its timeout: under load that made sign-ups wait
/// seconds (p99 3 s with 16 users) and blocked threads the server needs. So the writers of this process queue here
/// instead, without blocking a thread, first come first served, before they ask SQLite: a transaction (SQLite's
/// transactions here are BEGIN IMMEDIATE, which takes the write lock at once) from its start until it commits, rolls
/// back or its connection closes; a single statement outside a transaction while it runs. Readers never queue (WAL
/// lets them read while one writes). Other processes on the same file (Quartz's own connections, a second instance)
/// still meet the busy retry; SQLite is for one instance.
/// One gate per registered database; the holder is EF's connection id, so a release from any path is recognised.
/// </summary>
public sealed class SqliteWriteGate(TimeSpan wait) : DbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, IDisposable
{
    private readonly SemaphoreSlim _free = new(1, 1);
    private readonly Lock _lock = new();
    private Guid? _holder;

    /// <summary>Whether some writer holds the gate now (tests).</summary>
    public bool IsHeld
    {
        get { lock (_lock) return _holder is not null; }
    }

    // Transactions: from BEGIN until the end, whichever way it ends.
    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Enter(eventData.ConnectionId);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        await EnterAsync(eventData.ConnectionId, cancellationToken);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData?.ConnectionId);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData?.ConnectionId);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData?.ConnectionId);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData?.ConnectionId);
        return Task.CompletedTask;
    }

    // BEGIN itself failed (e.g. another process held the lock past the timeout): the transaction never started.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData?.Action == "BeginTransaction") Leave(eventData.ConnectionId);
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback ends when EF closes its connection (SQLite rolls it back).
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(eventData?.ConnectionId);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(eventData?.ConnectionId);
        return Task.CompletedTask;
    }

    // A single write outside a transaction (a job's ExecuteUpdate, SaveChanges of one row): while it runs.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Alone(command) && eventData is not null) Enter(eventData.ConnectionId);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Alone(command) && eventData is not null) await EnterAsync(eventData.ConnectionId, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (Alone(command)) Leave(eventData?.ConnectionId);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (Alone(command)) Leave(eventData?.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (AloneWriting(command) && eventData is not null) Enter(eventData.ConnectionId);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (AloneWriting(command) && eventData is not null) await EnterAsync(eventData.ConnectionId, cancellationToken);
        return result;
    }

    // A writing reader (INSERT ... RETURNING) holds the lock until it is disposed.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (AloneWriting(command)) Leave(eventData?.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (AloneWriting(command)) Leave(eventData?.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (AloneWriting(command)) Leave(eventData?.ConnectionId);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (command is not null && command.Transaction is null) Leave(eventData?.ConnectionId);
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData)
    {
        if (command is not null && command.Transaction is null) Leave(eventData?.ConnectionId);
    }

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandCanceled(command, eventData);
        return Task.CompletedTask;
    }

    private static bool Alone(DbCommand command) => command is not null && command.Transaction is null;

    private static bool AloneWriting(DbCommand command) => Alone(command) && StartsWithWrite(command.CommandText);

    private static bool StartsWithWrite(string? sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private void Enter(Guid connection)
    {
        if (!_free.Wait(wait)) throw Timeout();
        Hold(connection);
    }

    private async ValueTask EnterAsync(Guid connection, CancellationToken ct)
    {
        if (!await _free.WaitAsync(wait, ct)) throw Timeout();
        Hold(connection);
    }

    private void Hold(Guid connection)
    {
        lock (_lock) _holder = connection;
    }

    private void Leave(Guid? connection)
    {
        if (connection is null) return;
        lock (_lock)
        {
            if (_holder != connection) return;
            _holder = null;
        }
        _free.Release();
    }

    public void Dispose() => _free.Dispose();

    private TimeoutException Timeout() =>
        new($"No write access to the SQLite database within {wait.TotalSeconds:0} s: another writer of this process held it.");
}
