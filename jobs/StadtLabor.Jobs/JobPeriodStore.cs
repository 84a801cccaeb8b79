using System.Data.Common;
using System.Globalization;

namespace StadtLabor.Jobs;

/// <summary>The job_periods table: which period each job has completed.</summary>
public sealed class JobPeriodStore(JobsDatabase database)
{
    public async Task<bool> IsCompletedAsync(string jobName, string periodKey, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "select count(*) from job_periods where job_name = @job and period_key = @period",
            ("job", jobName), ("period", periodKey));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Records the period as done; a second record for the same period is ignored, not an error.</summary>
    public async Task MarkCompletedAsync(string jobName, string periodKey, DateTimeOffset completedAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "insert into job_periods (job_name, period_key, completed_at) values (@job, @period, @at) on conflict (job_name, period_key) do nothing",
            ("job", jobName), ("period", periodKey), ("at", Instant(completedAt)));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> PurgeAsync(DateTimeOffset completedBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "delete from job_periods where completed_at < @before", ("before", Instant(completedBefore)));
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<string>> CompletedAsync(string jobName, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "select period_key from job_periods where job_name = @job order by period_key", ("job", jobName));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>PostgreSQL stores a timestamptz; SQLite a fixed-width UTC text, so "&lt;" compares instants correctly.</summary>
    private object Instant(DateTimeOffset value) => database.Kind == JobsDatabaseKind.Postgres
        ? value.ToUniversalTime()
        : value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
