using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Data;

/// <summary>
/// The writers of the app queue for SQLite's one write lock in the app (<see cref="SqliteWriteGate"/>) instead of
/// sleeping in Microsoft.Data.Sqlite's busy retry; the gate must come free however a write ends.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DirectDatabase _direct = null!;

    private SqliteWriteGate Gate => _direct.Services.GetRequiredService<SqliteWriteGate>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _direct = await DirectDatabase.OpenAsync(_database);
    }

    public async ValueTask DisposeAsync()
    {
        await _direct.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static SigningKey Key(string name) => new() { Name = name, KeyBase64 = "AAAA", CreatedAtUtc = DateTime.UtcNow };

    [Fact]
    public async Task Transaction_Committed_GateFree()
    {
        await _direct.QueryAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Assert.True(Gate.IsHeld);
            db.SigningKeys().Add(Key("a"));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        });
        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_GateFreeAndNothingSaved()
    {
        await _direct.QueryAsync(async db =>
        {
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                db.SigningKeys().Add(Key("b"));
                await db.SaveChangesAsync();
            }
            Assert.False(Gate.IsHeld);
            return 0;
        });
        Assert.Equal(0, await _direct.QueryAsync(db => db.SigningKeys().CountAsync(k => k.Name == "b")));
    }

    [Fact]
    public async Task SecondWriter_WaitsUntilTheFirstCommits()
    {
        await using var firstScope = _direct.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<LabDbContext>();
        var tx = await first.Database.BeginTransactionAsync();

        var second = _direct.QueryAsync(async db =>
        {
            await using var own = await db.Database.BeginTransactionAsync();
            db.SigningKeys().Add(Key("second"));
            await db.SaveChangesAsync();
            await own.CommitAsync();
            return 0;
        });
        await Task.Delay(300);
        Assert.False(second.IsCompleted);

        first.SigningKeys().Add(Key("first"));
        await first.SaveChangesAsync();
        await tx.CommitAsync();
        await tx.DisposeAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await _direct.QueryAsync(db => db.SigningKeys().CountAsync()));
    }

    [Fact]
    public async Task WritesOutsideATransaction_GateFreeAfterEach()
    {
        await _direct.QueryAsync(async db =>
        {
            db.SigningKeys().Add(Key("c"));
            await db.SaveChangesAsync();
            Assert.False(Gate.IsHeld);
            await db.SigningKeys().Where(k => k.Name == "c").ExecuteUpdateAsync(s => s.SetProperty(k => k.KeyBase64, "BBBB"));
            Assert.False(Gate.IsHeld);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM signing_keys WHERE 1 = 0");
            return 0;
        });
        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task FailingWrite_GateFree()
    {
        await _direct.QueryAsync(async db =>
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO no_such_table VALUES (1)"));
            return 0;
        });
        Assert.False(Gate.IsHeld);
        await _direct.QueryAsync(async db =>
        {
            db.SigningKeys().Add(Key("d"));
            return await db.SaveChangesAsync();
        });
        await _direct.QueryAsync(async db =>
        {
            db.SigningKeys().Add(Key("d"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            return 0;
        });
        Assert.False(Gate.IsHeld);
    }

    [Fact]
    public async Task FortyParallelWriters_AllSavedNoneFailed()
    {
        // Each reads, then writes in its own transaction, as a sign-up does; without the gate some would sleep in the busy retry.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => _direct.QueryAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var count = await db.SigningKeys().CountAsync();
            db.SigningKeys().Add(Key($"p{i}:{count}"));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        }))));

        var names = await _direct.QueryAsync(db => db.SigningKeys().Select(k => k.Name).ToListAsync());
        Assert.Equal(40, names.Count);
        // Serialised: every writer saw a different count, 0 to 39.
        Assert.Equal(Enumerable.Range(0, 40), names.Select(n => int.Parse(n.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.False(Gate.IsHeld);
    }
}
