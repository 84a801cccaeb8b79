using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Reservations not picked up by the end of their first day, on SQLite and PostgreSQL: released (units free again),
/// the person told once, the people waiting told in the order they asked; nothing with Lending:ReleaseNoShows off.
/// </summary>
public abstract class NoShowTests<TBot>(TBot fixture) where TBot : LendingJobsBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 9600;

    private static Activities.Persona NewColleague() => TrainingSeed.Colleague(Interlocked.Increment(ref _next));

    private static DateTime Berlin(int y, int m, int d, int h, int min = 0) => TrainingTime.ToUtc(new DateTime(y, m, d, h, min, 0));

    private Task<long> ItemAsync(string name, int quantity = 1) => LendingSeed.ItemAsync(Bot, $"{name} {Guid.NewGuid().ToString("N")[..8]}", quantity);

    private Task RunAsync(DateTime utc) => Bot.RunAsync<ReleaseNoShows>(utc, JobPeriodKind.Hour);

    private Task<int> FreeAsync(long itemId, DateTime fromUtc, DateTime toUtc) =>
        Bot.WithDbAsync(async db =>
        {
            var availability = new Availability(db, Bot.Clock);
            return (await availability.LoadAsync([itemId], fromUtc, toUtc, CancellationToken.None)).Free(itemId, fromUtc, toUtc);
        });

    private Task<LendingWatch> WatchAsync(long itemId, Activities.Persona p, DateTime askedUtc, DateTime fromUtc, DateTime toUtc) =>
        Bot.WithDbAsync(async db =>
        {
            var w = new LendingWatch
            {
                ItemId = itemId, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId, Lang = "de",
                FromUtc = fromUtc, ToUtc = toUtc, CreatedAtUtc = askedUtc,
            };
            db.LendingWatches().Add(w);
            await db.SaveChangesAsync();
            return w;
        });

    private Task<LendingWatch> WatchAsync(long watchId) =>
        Bot.WithDbAsync(db => db.LendingWatches().AsNoTracking().SingleAsync(w => w.Id == watchId));

    [Fact]
    public async Task NoShow_NotPickedUpByClosingTime_ReleasedToldOnceAndUnitFreeAgain()
    {
        var erika = NewColleague();
        var item = await ItemAsync("VR-Brille");
        var picked = await ItemAsync("Tablet");
        var id = await LendingSeed.ReservationAsync(Bot, item, erika, Berlin(2026, 11, 12, 9), Berlin(2026, 11, 16, 12));
        var lent = await LendingSeed.ReservationAsync(Bot, picked, erika, Berlin(2026, 11, 12, 9), Berlin(2026, 11, 16, 12), ReservationStatus.Lent);
        var (friday, fridayNoon) = (Berlin(2026, 11, 13, 9), Berlin(2026, 11, 13, 12));

        // Thursday is open until 17:30: at 17:15 the reservation still stands.
        await RunAsync(Berlin(2026, 11, 12, 17, 15));
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, id)).Status);
        Assert.Equal(0, await FreeAsync(item, friday, fridayNoon));

        await RunAsync(Berlin(2026, 11, 12, 17, 45));
        await RunAsync(Berlin(2026, 11, 12, 18, 5));

        Assert.Equal(ReservationStatus.NoShow, (await LendingSeed.ReservationAsync(Bot, id)).Status);
        Assert.Equal(ReservationStatus.Lent, (await LendingSeed.ReservationAsync(Bot, lent)).Status);
        Assert.Equal(1, await FreeAsync(item, friday, fridayNoon));
        var told = Assert.Single(await Bot.MessagesAsync(ReleaseNoShows.Key(id)));
        Assert.Equal(erika.AadObjectId, told.UserAadObjectId);
        var card = LendingJobsBot.CardOf(told);
        var name = await Bot.WithDbAsync(db => db.LendingItems().Where(i => i.Id == item).Select(i => i.Name).SingleAsync());
        Assert.Contains(Word.De("lendingReminders.released.title", name), Words(card), StringComparison.Ordinal);
        var reserve = Assert.Single(Actions(card), a => a["verb"]!.GetValue<string>() == "lending.reserveForm");
        Assert.Equal(item, reserve["data"]!["itemId"]!.GetValue<long>());
        Assert.Contains("lending.mine", Verbs(card));
        Assert.Empty(await Bot.MessagesAsync(ReleaseNoShows.Key(lent)));
    }

    /// <summary>
    /// The Friday before the October switch closes at 12:30 summer time (10:30 UTC). A rule that took the winter
    /// offset (11:30 UTC) or read the closing time as UTC would keep the reservation at 10:45 UTC.
    /// </summary>
    [Fact]
    public async Task NoShow_FridayBeforeTheOctoberSwitch_ReleasedAfterClosingInSummerTime()
    {
        var item = await ItemAsync("3D-Drucker");
        var id = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 10, 23, 9), Berlin(2026, 10, 27, 12));

        await RunAsync(new DateTime(2026, 10, 23, 10, 15, 0, DateTimeKind.Utc));
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, id)).Status);

        await RunAsync(new DateTime(2026, 10, 23, 10, 45, 0, DateTimeKind.Utc));
        Assert.Equal(ReservationStatus.NoShow, (await LendingSeed.ReservationAsync(Bot, id)).Status);
        Assert.Single(await Bot.MessagesAsync(ReleaseNoShows.Key(id)));
    }

    [Fact]
    public async Task NoShow_ReleaseNoShowsOff_NothingReleasedNobodyTold()
    {
        var item = await ItemAsync("Roboter");
        var id = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 12, 9), Berlin(2026, 11, 16, 12));
        var watch = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 10, 10), Berlin(2026, 11, 13, 9), Berlin(2026, 11, 13, 12));

        await Bot.RunAsync<ReleaseNoShows>(Bot.App.Services, Berlin(2026, 11, 12, 18), JobPeriodKind.Hour, new LendingOptions { ReleaseNoShows = false });

        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, id)).Status);
        Assert.Empty(await Bot.MessagesAsync(ReleaseNoShows.Key(id)));
        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(watch.Id)));
        Assert.Null((await WatchAsync(watch.Id)).NotifiedAtUtc);
    }

    /// <summary>
    /// One headset comes free. Carla asked first, but for days still taken by Jonas: she keeps waiting. Anna asked
    /// before Ben for the same morning: she hears first, once; Ben hears a day later, when Anna has not taken it.
    /// </summary>
    [Fact]
    public async Task NoShow_PeopleWaiting_ToldOnceInTheOrderTheyAsked()
    {
        var item = await ItemAsync("VR-Brille");
        var noShow = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 12, 9), Berlin(2026, 11, 17, 12));
        await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 18, 9), Berlin(2026, 11, 19, 12));
        var carla = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 9, 9), Berlin(2026, 11, 17, 9), Berlin(2026, 11, 18, 12));
        var anna = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 10, 10), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 16, 12));
        var ben = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 10, 11), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 16, 12));

        await RunAsync(Berlin(2026, 11, 12, 17, 45));
        await RunAsync(Berlin(2026, 11, 12, 18, 5));

        Assert.Equal(ReservationStatus.NoShow, (await LendingSeed.ReservationAsync(Bot, noShow)).Status);
        var toAnna = Assert.Single(await Bot.MessagesAsync(LendingWatchers.Key(anna.Id)));
        Assert.Equal(Berlin(2026, 11, 12, 17, 45), (await WatchAsync(anna.Id)).NotifiedAtUtc);
        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(ben.Id)));
        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(carla.Id)));
        var reserve = Assert.Single(Actions(LendingJobsBot.CardOf(toAnna)), a => a["verb"]!.GetValue<string>() == "lending.reserveForm")["data"]!;
        Assert.Equal((item, "2026-11-16", "09:00", "2026-11-16", "12:00"), (reserve["itemId"]!.GetValue<long>(),
            reserve["fromDate"]!.GetValue<string>(), reserve["fromTime"]!.GetValue<string>(), reserve["toDate"]!.GetValue<string>(), reserve["toTime"]!.GetValue<string>()));

        // A day later Anna has not reserved: the unit is still free, so Ben, next in line, hears of it.
        await RunAsync(Berlin(2026, 11, 13, 18));

        Assert.Single(await Bot.MessagesAsync(LendingWatchers.Key(anna.Id)));
        var toBen = Assert.Single(await Bot.MessagesAsync(LendingWatchers.Key(ben.Id)));
        Assert.True(toBen.Id > toAnna.Id);
        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(carla.Id)));
        Assert.Null((await WatchAsync(carla.Id)).NotifiedAtUtc);
    }
}

public sealed class NoShowTests_Sqlite(LendingJobsSqliteBot bot) : NoShowTests<LendingJobsSqliteBot>(bot), IClassFixture<LendingJobsSqliteBot>;

public sealed class NoShowTests_Postgres(LendingJobsPostgresBot bot) : NoShowTests<LendingJobsPostgresBot>(bot), IClassFixture<LendingJobsPostgresBot>;
