using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StadtLabor.Bot.Data;

public static class DataRegistration
{
    public const string DefaultSqlite = "Data Source=.data/stadtlabor.db";

    public static IServiceCollection AddLabData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Lab");
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));

        // Pooled contexts: a turn leases one instead of building a context and its options per request.
        var firstWrite = new FirstWriteOpensTransaction();
        if (provider == DatabaseProvider.Postgres)
        {
            // No retrying execution strategy: handlers and the outbox use explicit transactions and retry themselves
            // where a conflict is expected (EF's strategy refuses user-initiated transactions).
            services.AddDbContextPool<LabDbContext, PostgresLabDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(firstWrite));
        }
        else
        {
            var sqlite = PrepareSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString);
            // The turn's first write opens its transaction, and then it queues for the write lock: the order matters.
            var gate = new SqliteWriteGate(TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(sqlite).DefaultTimeout));
            services.AddSingleton(gate);
            var normal = configuration.GetValue(DatabaseOptions.Section + ":SqliteSynchronous", SqliteSynchronous.Full) == SqliteSynchronous.Normal;
            services.AddDbContextPool<LabDbContext, SqliteLabDbContext>(o =>
            {
                o.UseSqlite(sqlite).AddInterceptors(firstWrite, gate);
                if (normal) o.AddInterceptors(new SqliteSynchronousNormal());
            });
        }
        return services;
    }

    /// <summary>Creates the folder of the database file, and waits (instead of failing) when another writer holds the lock.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
            Directory.CreateDirectory(dir);
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>Applies migrations at start-up; several instances on PostgreSQL are serialised by EF's migration lock.</summary>
    public static async Task MigrateLabDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers work while one writer writes; the setting sticks to the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
