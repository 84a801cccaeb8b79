using System.Data.Common;

namespace StadtLabor.Jobs;

public enum JobsDatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The app's own database, handed in by the bot: Quartz's tables and the job period records live next to the
/// domain tables, so one backup holds everything and PostgreSQL instances cluster through it.
/// </summary>
public sealed record JobsDatabase(JobsDatabaseKind Kind, DbProviderFactory Factory, string ConnectionString)
{
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Factory.CreateConnection() ?? throw new InvalidOperationException("The database provider cannot create connections.");
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync(ct);
        return connection;
    }
}
