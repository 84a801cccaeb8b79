namespace StadtLabor.Jobs;

/// <summary>Creates Quartz's tables and ours before the scheduler starts; safe to run on every start.</summary>
public static class JobsSchema
{
    // Any fixed number: it only has to be the same on every instance and unused by other code.
    private const long PostgresLockId = 4_711_2026_03;

    public static async Task EnsureAsync(JobsDatabase database, CancellationToken ct)
    {
        var script = Script(database.Kind);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (database.Kind == JobsDatabaseKind.Postgres)
        {
            command.CommandText = $"select pg_advisory_xact_lock({PostgresLockId})";
            await command.ExecuteNonQueryAsync(ct);
        }
        command.CommandText = script;
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public static string Script(JobsDatabaseKind kind)
    {
        var name = kind == JobsDatabaseKind.Postgres ? "schema/postgres.sql" : "schema/sqlite.sql";
        using var stream = typeof(JobsSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema script {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
