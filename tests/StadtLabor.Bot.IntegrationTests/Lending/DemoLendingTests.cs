using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Trainings;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>The lending demo that ./run.sh shows (Lab:DemoData=true): the kit with its parts, reservations, one item in maintenance; seeded once.</summary>
public abstract class DemoLendingTests<TDemo, TPlain>(TDemo demo, TPlain plain) where TDemo : BotFixture where TPlain : BotFixture
{
    private static T Available<T>(T fixture) where T : BotFixture
    {
        if (fixture.Unavailable is { } reason) Assert.Skip(reason);
        return fixture;
    }

    [Fact]
    public async Task DemoLending_On_KitWithPartsPrinterNeedsIntroductionOneInMaintenance()
    {
        var bot = Available(demo);
        var (items, parts, reservations, blocks, tools) = await bot.WithDbAsync(async db => (
            await db.LendingItems().AsNoTracking().ToListAsync(),
            await db.KitParts().AsNoTracking().ToListAsync(),
            await db.LendingReservations().AsNoTracking().ToListAsync(),
            await db.MaintenanceBlocks().AsNoTracking().ToListAsync(),
            await db.TrainingTools().AsNoTracking().ToListAsync()));

        var kit = Assert.Single(items, i => i.IsKit);
        Assert.Equal("Mobiles stadtLABOR", kit.Name);
        Assert.True(kit.NeedsApproval);
        Assert.Equal(5, parts.Count(p => p.KitId == kit.Id));
        Assert.Equal(6, Assert.Single(items, i => i.Name.StartsWith("VR-Brille", StringComparison.Ordinal)).Quantity);
        var printer = Assert.Single(items, i => i.Category == "3D-Druck");
        Assert.Equal(Assert.Single(tools, t => t.Name == DemoTrainings.PrinterTool).Id, printer.RequiredToolId);
        Assert.Single(items, i => !i.LendableAlone);
        Assert.Contains(reservations, r => r.Status == ReservationStatus.Requested && r.ItemId == printer.Id);
        Assert.Contains(reservations, r => r.Status == ReservationStatus.Lent);
        Assert.Contains(reservations, r => r.ItemId == kit.Id && r.Status == ReservationStatus.Confirmed);
        var block = Assert.Single(blocks);
        Assert.Null(block.EndsAtUtc);

        // The availability owner sees what the demo shows: the camera in repair, the kit taken on its dates.
        var kitReservation = reservations.Single(r => r.ItemId == kit.Id);
        var now = DateTime.UtcNow;
        var free = await bot.WithDbAsync(async db =>
        {
            var availability = new Availability(db, TimeProvider.System);
            var snapshot = await availability.LoadAsync([kit.Id, block.ItemId], now, now.AddDays(60), CancellationToken.None);
            return (Kit: snapshot.Free(kit.Id, kitReservation.StartsAtUtc, kitReservation.EndsAtUtc),
                Camera: snapshot.Free(block.ItemId, now.AddDays(1), now.AddDays(2)));
        });
        Assert.Equal((0, 0), free);
    }

    [Fact]
    public async Task DemoLending_StartedTwice_SeedsOnce()
    {
        var bot = Available(demo);
        var before = await bot.WithDbAsync(db => db.LendingReservations().CountAsync());
        await bot.App.Services.GetServices<IHostedService>().OfType<DemoLending>().Single().StartAsync(CancellationToken.None);
        Assert.Equal(before, await bot.WithDbAsync(db => db.LendingReservations().CountAsync()));
        Assert.Equal(5, before);
    }

    [Fact]
    public async Task DemoLending_Off_NothingSeeded()
    {
        var bot = Available(plain);
        Assert.Empty(bot.App.Services.GetServices<IHostedService>().OfType<DemoLending>());
        Assert.Equal(0, await bot.WithDbAsync(db => db.LendingItems().CountAsync(i => i.Name == "Mobiles stadtLABOR")));
    }
}

public sealed class DemoLendingTests_Sqlite(DemoSqliteBot demo, SqliteBot plain)
    : DemoLendingTests<DemoSqliteBot, SqliteBot>(demo, plain), IClassFixture<DemoSqliteBot>, IClassFixture<SqliteBot>;

public sealed class DemoLendingTests_Postgres(DemoPostgresBot demo, PostgresBot plain)
    : DemoLendingTests<DemoPostgresBot, PostgresBot>(demo, plain), IClassFixture<DemoPostgresBot>, IClassFixture<PostgresBot>;
