using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace StadtLabor.Bot.Data;

/// <summary>
/// Opens a turn's transaction (see <see cref="TurnTransaction"/>) just before its first write: before SaveChanges
/// sends anything, and before any statement EF runs as a non-query (ExecuteUpdate, ExecuteDelete, ExecuteSql), which
/// is how EF sends every write that is not SaveChanges. Queries never open it.
/// </summary>
public sealed class FirstWriteOpensTransaction : SaveChangesInterceptor, IDbCommandInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Pending(eventData.Context) is { } db) db.Database.BeginTransaction();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Pending(eventData.Context) is { } db) await db.Database.BeginTransactionAsync(cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        if (Pending(eventData.Context) is { } db) command.Transaction = db.Database.BeginTransaction().GetDbTransaction();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        // The command was made before the transaction existed: it must run inside it.
        if (Pending(eventData.Context) is { } db) command.Transaction = (await db.Database.BeginTransactionAsync(cancellationToken)).GetDbTransaction();
        return result;
    }

    /// <summary>The context when it is in a turn that has not written yet.</summary>
    private static LabDbContext? Pending(DbContext? context) =>
        context is LabDbContext { AwaitsFirstWrite: true } db ? db : null;
}
