using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Data;

/// <summary>Database:SqliteSynchronous: every commit on disk (Full, the default) or only an app crash covered (Normal).</summary>
public sealed class SqliteSynchronousTests
{
    private static async Task<long> SynchronousAsync(IDictionary<string, string?>? settings)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var direct = await DirectDatabase.OpenAsync(database, settings);
        return await direct.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA synchronous;";
                return (long)(await command.ExecuteScalarAsync())!;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    [Fact]
    public async Task Default_EveryCommitWaitsForTheDisk() => Assert.Equal(2, await SynchronousAsync(null)); // FULL

    [Fact]
    public async Task Normal_Configured_SetOnEveryConnection() =>
        Assert.Equal(1, await SynchronousAsync(new Dictionary<string, string?> { ["Database:SqliteSynchronous"] = "Normal" })); // NORMAL
}
