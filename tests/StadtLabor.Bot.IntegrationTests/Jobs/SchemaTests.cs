using Microsoft.Data.Sqlite;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>
/// Our own schema script against the schema Quartz 4.7.3 provisions for itself: same tables and columns, so an
/// upgrade of Quartz that adds a column fails here, with the column named, before it fails a start.
/// </summary>
public sealed class SchemaTests
{
    // Only a store configured with UseExecutionHistory() reads these; we do not keep Quartz's history.
    private static readonly string[] HistoryTables = ["qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status"];

    [Fact]
    public async Task SqliteScript_ComparedWithQuartzOwnProvisioning_SameTablesAndColumns()
    {
        await using var ours = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var reference = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var database = new JobsDatabase(JobsDatabaseKind.Sqlite, SqliteFactory.Instance, ours.ConnectionString);
        await JobsSchema.EnsureAsync(database, CancellationToken.None);
        await JobsSchema.EnsureAsync(database, CancellationToken.None);

        var scheduler = await QuartzSchedulerBuilder.Create(q => q.UsePersistentStore(store =>
        {
            store.UseSqlite(SqliteFactory.Instance, reference.ConnectionString);
            store.ConfigureStore(o => o.TablePrefix = "qrtz_");
            store.ProvisionSchema();
        })).BuildScheduler();
        await scheduler.Start();
        await scheduler.Shutdown(false);

        var mine = await ColumnsAsync(ours);
        var quartz = await ColumnsAsync(reference);
        Assert.NotEmpty(quartz);
        Assert.Equal(quartz.Keys.Except(HistoryTables).Order(), mine.Keys.Where(t => t.StartsWith("qrtz_", StringComparison.Ordinal)).Order());
        foreach (var (table, columns) in quartz.Where(t => !HistoryTables.Contains(t.Key)))
            Assert.Equal(columns, mine[table]);
        Assert.Equal(["completed_at NOT NULL", "job_name NOT NULL", "period_key NOT NULL"], mine["job_periods"]);
    }

    private static async Task<Dictionary<string, List<string>>> ColumnsAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            select lower(m.name), lower(c.name), c."notnull"
            from sqlite_master m join pragma_table_info(m.name) c
            where m.type = 'table'
            """;
        var tables = new Dictionary<string, List<string>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var column = reader.GetString(1) + (reader.GetInt64(2) == 1 ? " NOT NULL" : " NULL");
            if (!tables.TryGetValue(reader.GetString(0), out var columns)) tables[reader.GetString(0)] = columns = [];
            columns.Add(column);
        }
        foreach (var columns in tables.Values) columns.Sort(StringComparer.Ordinal);
        return tables;
    }
}
