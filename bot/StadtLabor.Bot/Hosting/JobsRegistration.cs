using Microsoft.Data.Sqlite;
using Npgsql;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// Wires the scheduled jobs into the app: Quartz in the app's own database (SQLite file, or PostgreSQL clustered
/// across instances), every feature's jobs, and the "scheduler" readiness check.
/// </summary>
public static class JobsRegistration
{
    public static IServiceCollection AddLabJobs(this IServiceCollection services, IConfiguration configuration, JobCatalog jobs)
    {
        services.AddLabScheduler(Database(configuration), jobs, configuration);
        services.AddHealthChecks().AddCheck<SchedulerReadyCheck>("scheduler", tags: ["ready"]);
        return services;
    }

    /// <summary>The same database the DbContext uses (Database:Provider, ConnectionStrings:Lab).</summary>
    public static JobsDatabase Database(IConfiguration configuration)
    {
        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Lab");
        if (provider == DatabaseProvider.Postgres)
            return new JobsDatabase(JobsDatabaseKind.Postgres, NpgsqlFactory.Instance, connectionString!);

        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DataRegistration.DefaultSqlite : connectionString);
        // Quartz and EF share one file with one writer at a time: wait for the other writer rather than fail.
        if (sqlite.DefaultTimeout < 30) sqlite.DefaultTimeout = 30;
        return new JobsDatabase(JobsDatabaseKind.Sqlite, SqliteFactory.Instance, sqlite.ToString());
    }
}
