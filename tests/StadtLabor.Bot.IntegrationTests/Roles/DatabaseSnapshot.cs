using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.IntegrationTests.Roles;

/// <summary>Every row of every table the app's model knows, as text: "changes nothing" means this stays equal.</summary>
internal static class DatabaseSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(LabDbContext db)
    {
        var rows = new List<string>();
        var read = typeof(DatabaseSnapshot).GetMethod(nameof(RowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned()).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = await (Task<List<string>>)read.MakeGenericMethod(entity.ClrType).Invoke(null, [db])!;
            rows.AddRange(table.Order(StringComparer.Ordinal).Select(r => entity.ClrType.Name + " " + r));
        }
        return rows;
    }

    private static async Task<List<string>> RowsAsync<T>(LabDbContext db) where T : class =>
        (await db.Set<T>().AsNoTracking().ToListAsync()).Select(r => JsonSerializer.Serialize(r)).ToList();
}
