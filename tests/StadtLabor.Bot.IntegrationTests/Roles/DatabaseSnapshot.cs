using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.IntegrationTests.Roles;

/// <summary>
/// Every row of every table the app's model knows, as text ("table|Column=value|..."): "changes nothing" means this
/// stays equal. Read with plain SQL, not one EF query per entity: compiling those cost 3 s on the first snapshot.
/// </summary>
internal static class DatabaseSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(LabDbContext db)
    {
        var tables = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .Select(e => (Schema: e.GetSchema(), Table: e.GetTableName()!))
            .Distinct()
            .OrderBy(t => t.Table, StringComparer.Ordinal)
            .ToList();
        var rows = new List<string>();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var (schema, table) in tables)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"SELECT * FROM {(schema is null ? "" : $"\"{schema}\".")}\"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var tableRows = new List<string>();
                while (await reader.ReadAsync())
                    tableRows.Add(table + "|" + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Text(reader, i))));
                rows.AddRange(tableRows.Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return rows;
    }

    /// <summary>One column of a row by its name (e.g. "Status"), from a line of <see cref="TakeAsync"/>.</summary>
    public static string? Column(string row, string column) =>
        row.Split('|').Skip(1).Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == column)?[1];

    private static string Text(System.Data.Common.DbDataReader reader, int i) => reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
