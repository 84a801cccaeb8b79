using System.Data.Common;
using System.Globalization;

namespace StadtLabor.Jobs;

/// <summary>A job's last success and last failure (incident id and exception type, never the message).</summary>
public sealed record JobStatus(string JobName, DateTimeOffset? LastSuccessAt, string? LastSuccessPeriod, DateTimeOffset? LastFailureAt,
    string? LastFailurePeriod, string? LastFailureIncident, string? LastFailureType)
{
    /// <summary>Failing now: the last failure is newer than the last success.</summary>
    public bool Failing => LastFailureAt is { } failed && (LastSuccessAt is not { } ok || failed > ok);
}

/// <summary>The job_periods table: which period each job has completed; and job_status: how each job last went.</summary>
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

    public async Task RecordSuccessAsync(string jobName, string periodKey, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, """
            insert into job_status (job_name, last_success_at, last_success_period) values (@job, @at, @period)
            on conflict (job_name) do update set last_success_at = excluded.last_success_at, last_success_period = excluded.last_success_period
            """, ("job", jobName), ("at", Instant(at)), ("period", periodKey));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordFailureAsync(string jobName, string periodKey, DateTimeOffset at, string incident, string exceptionType, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, """
            insert into job_status (job_name, last_failure_at, last_failure_period, last_failure_incident, last_failure_type)
            values (@job, @at, @period, @incident, @type)
            on conflict (job_name) do update set last_failure_at = excluded.last_failure_at, last_failure_period = excluded.last_failure_period,
                last_failure_incident = excluded.last_failure_incident, last_failure_type = excluded.last_failure_type
            """, ("job", jobName), ("at", Instant(at)), ("period", periodKey), ("incident", incident), ("type", exceptionType));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every job that has run at least once, by name.</summary>
    public async Task<IReadOnlyList<JobStatus>> StatusAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, """
            select job_name, last_success_at, last_success_period, last_failure_at, last_failure_period, last_failure_incident, last_failure_type
            from job_status order by job_name
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<JobStatus>();
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : database.Kind == JobsDatabaseKind.Postgres
                ? new DateTimeOffset(reader.GetFieldValue<DateTime>(i).ToUniversalTime(), TimeSpan.Zero)
                : DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            list.Add(new JobStatus(reader.GetString(0), At(1), Text(2), At(3), Text(4), Text(5), Text(6)));
        }
        return list;
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
