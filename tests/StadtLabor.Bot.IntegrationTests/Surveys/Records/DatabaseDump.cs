using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Records;

/// <summary>One table as an attacker reads it: rows in physical order (SQLite rowid, PostgreSQL ctid), every column as text.</summary>
public sealed record DumpedTable(string Name, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>
/// What someone with read access to the database sees: every table, every column, every row in the order the rows lie
/// in the file (SQLite: rowid; PostgreSQL: ctid, plus xmin, the id of the transaction that wrote the row version).
/// The answer tables are read for one wave only (other tests share the database; their rows change nothing here).
/// </summary>
public static class DatabaseDump
{
    public const string Position = "__pos";
    public const string WrittenBy = "__xmin";

    public static async Task<IReadOnlyList<DumpedTable>> ReadAsync(LabDbContext db, long waveId, Func<string, bool>? onlyTables = null)
    {
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync();
        try
        {
            return await ReadOpenAsync(connection, postgres, waveId, onlyTables);
        }
        finally
        {
            // Closed through EF, so the app's SQLite write gate sees the connection go.
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IReadOnlyList<DumpedTable>> ReadOpenAsync(DbConnection connection, bool postgres, long waveId, Func<string, bool>? onlyTables)
    {
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        var tables = new List<DumpedTable>();
        foreach (var name in names.Where(n => onlyTables?.Invoke(n) ?? true).Order(StringComparer.Ordinal))
        {
            var where = name is "survey_responses" or "survey_values" ? $" WHERE \"WaveId\" = {waveId.ToString(CultureInfo.InvariantCulture)}" : "";
            await using var command = connection.CreateCommand();
            command.CommandText = postgres
                ? $"SELECT ctid::text AS \"{Position}\", xmin::text AS \"{WrittenBy}\", * FROM \"{name}\"{where} ORDER BY ctid"
                : $"SELECT rowid AS \"{Position}\", * FROM \"{name}\"{where} ORDER BY rowid";
            tables.Add(new DumpedTable(name, await RowsAsync(command)));
        }
        return tables;
    }

    private static async Task<List<IReadOnlyDictionary<string, object?>>> RowsAsync(DbCommand command)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
