using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StadtLabor.Bot.Data;

/// <summary>
/// Database:SqliteSynchronous = Normal (see <see cref="DatabaseOptions.SqliteSynchronous"/>): SQLite keeps the
/// setting per connection, so it is set whenever EF opens one.
/// </summary>
public sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
