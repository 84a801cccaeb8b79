using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// "Sag mir Bescheid, wenn frei" after the changes that free units through the chat: the owner cancels, the lab team
/// declines a request or clears a block. The person waiting hears of it once, in the same transaction as the change.
/// </summary>
public abstract class WatchWiringTests<TBot>(TBot fixture) : DeskTestBase<TBot>(fixture) where TBot : BotFixture
{
    private Task<long> WatchAsync(long itemId, Activities.Persona p, DateTime fromUtc, DateTime toUtc) =>
        Bot.WithDbAsync(async db =>
        {
            var w = new LendingWatch
            {
                ItemId = itemId, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId, Lang = "de",
                FromUtc = fromUtc, ToUtc = toUtc, CreatedAtUtc = DateTime.UtcNow.AddMinutes(-5),
            };
            db.LendingWatches().Add(w);
            await db.SaveChangesAsync();
            return w.Id;
        });

    private Task<DateTime?> NotifiedAsync(long watchId) =>
        Bot.WithDbAsync(db => db.LendingWatches().Where(w => w.Id == watchId).Select(w => w.NotifiedAtUtc).SingleAsync());

    [Fact]
    public async Task Cancel_ItemSomeoneWaitsFor_ThatPersonToldOnce()
    {
        var item = await ItemAsync(Bot, Unique("VR-Brille"));
        var (from, to) = (WorkingDayUtc(5, 9), WorkingDayUtc(6, 12));
        var erika = NewColleague();
        var reservation = await ReservationAsync(Bot, item, erika, from, to);
        var watch = await WatchAsync(item, NewColleague(), from, to);

        await ClickAsync(erika, "lending.cancel", new JsonObject { ["reservationId"] = reservation, ["confirmed"] = true });
        await ClickAsync(erika, "lending.cancel", new JsonObject { ["reservationId"] = reservation, ["confirmed"] = true });

        Assert.Equal(ReservationStatus.Cancelled, (await ReservationAsync(Bot, reservation)).Status);
        Assert.NotNull(await NotifiedAsync(watch));
        Assert.Single(await MessagesAsync(LendingWatchers.Key(watch)));
    }

    [Fact]
    public async Task Decline_RequestHeldTheLastUnit_PersonWaitingTold()
    {
        var item = await ItemAsync(Bot, Unique("3D-Drucker"), adjust: i => i.NeedsApproval = true);
        var (from, to) = (WorkingDayUtc(5, 9), WorkingDayUtc(6, 12));
        var request = await ReservationAsync(Bot, item, NewColleague(), from, to, ReservationStatus.Requested);
        var watch = await WatchAsync(item, NewColleague(), from, to);

        await AdminAsync("lendingAdmin.decline", new JsonObject { ["reservationId"] = request, ["reason"] = "Drucker wird gewartet." });

        Assert.Equal(ReservationStatus.Declined, (await ReservationAsync(Bot, request)).Status);
        Assert.Single(await MessagesAsync(LendingWatchers.Key(watch)));
    }

    [Fact]
    public async Task ClearBlock_ItemSomeoneWaitsFor_ToldOnceAndNotWhileBlocked()
    {
        var item = await ItemAsync(Bot, Unique("Sensor-Kit"));
        var blockId = await Bot.WithDbAsync(async db =>
        {
            var b = new MaintenanceBlock { ItemId = item, Quantity = 1, StartsAtUtc = DateTime.UtcNow.AddHours(-1), Reason = MaintenanceReason.Repair, CreatedAtUtc = DateTime.UtcNow };
            db.MaintenanceBlocks().Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        var watch = await WatchAsync(item, NewColleague(), WorkingDayUtc(5, 9), WorkingDayUtc(6, 12));
        Assert.Null(await NotifiedAsync(watch));

        await AdminAsync("lendingAdmin.clearBlock", new JsonObject { ["blockId"] = blockId });
        await AdminAsync("lendingAdmin.clearBlock", new JsonObject { ["blockId"] = blockId });

        Assert.NotNull(await NotifiedAsync(watch));
        Assert.Single(await MessagesAsync(LendingWatchers.Key(watch)));
    }
}

public sealed class WatchWiringTests_Sqlite(DeskSqliteBot bot) : WatchWiringTests<DeskSqliteBot>(bot), IClassFixture<DeskSqliteBot>;

public sealed class WatchWiringTests_Postgres(DeskPostgresBot bot) : WatchWiringTests<DeskPostgresBot>(bot), IClassFixture<DeskPostgresBot>;
