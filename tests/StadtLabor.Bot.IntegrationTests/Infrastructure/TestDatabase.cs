using Npgsql;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database per fixture on the real engine: a SQLite file, or a new database on the PostgreSQL
/// server that test.sh starts (STADTLABOR_TEST_POSTGRES holds its connection string, without a database name).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "STADTLABOR_TEST_POSTGRES";

    private readonly string? _postgresServer;
    private readonly string? _databaseName;
    private readonly string? _sqliteFile;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresServer, string? databaseName, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresServer = postgresServer;
        _databaseName = databaseName;
        _sqliteFile = sqliteFile;
    }

    /// <summary>Why this provider cannot run here, or null when it can.</summary>
    public static string? Unavailable(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable))
            ? $"PostgreSQL not available: {PostgresVariable} is not set (./test.sh starts a throwaway server and sets it)."
            : null;

    /// <param name="folder">Where a SQLite file goes (default: a folder in the temp directory).</param>
    /// <param name="postgresServer">The PostgreSQL server (default: <see cref="PostgresVariable"/>). The benchmark
    /// (bench/, which links this file) passes both.</param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string? folder = null, string? postgresServer = null)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var dir = folder ?? Path.Combine(Path.GetTempPath(), "stadtlabor-tests");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"lab-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file}", null, null, file);
        }

        var server = postgresServer ?? Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(server)) throw new InvalidOperationException($"no PostgreSQL server given ({PostgresVariable} or --postgres)");
        var name = $"lab_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new TestDatabase(provider, connectionString, server, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_sqliteFile + suffix);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgresServer!) { Database = "postgres" }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
