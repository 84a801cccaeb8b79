using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// <see cref="LendingWatchers"/> as a cancellation or a cleared block will call it (under the item lock, after the
/// change is saved), and the cleanup of watches whose range is over, on SQLite and PostgreSQL.
/// </summary>
public abstract class WatchTests<TBot>(TBot fixture) where TBot : LendingJobsBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 9800;

    private static Activities.Persona NewColleague() => TrainingSeed.Colleague(Interlocked.Increment(ref _next));

    private static DateTime Berlin(int y, int m, int d, int h, int min = 0) => TrainingTime.ToUtc(new DateTime(y, m, d, h, min, 0));

    private static readonly DateTime Monday = Berlin(2026, 11, 9, 10);

    private Task<long> ItemAsync(string name, int quantity = 1) => LendingSeed.ItemAsync(Bot, $"{name} {Guid.NewGuid().ToString("N")[..8]}", quantity);

    private Task<LendingWatch> WatchAsync(long itemId, Activities.Persona p, DateTime askedUtc, DateTime fromUtc, DateTime toUtc, DateTime? notifiedUtc = null, string lang = "de") =>
        Bot.WithDbAsync(async db =>
        {
            var w = new LendingWatch
            {
                ItemId = itemId, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId, Lang = lang,
                FromUtc = fromUtc, ToUtc = toUtc, CreatedAtUtc = askedUtc, NotifiedAtUtc = notifiedUtc,
            };
            db.LendingWatches().Add(w);
            await db.SaveChangesAsync();
            return w;
        });

    private Task<LendingWatch?> FindAsync(long watchId) =>
        Bot.WithDbAsync(db => db.LendingWatches().AsNoTracking().SingleOrDefaultAsync(w => w.Id == watchId));

    /// <summary>Frees a reservation (cancelled) and tells those waiting, in one transaction under the item lock.</summary>
    private async Task<int> CancelAndNotifyAsync(long reservationId)
    {
        Bot.Clock.Set(Monday);
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var itemId = await db.LendingReservations().Where(r => r.Id == reservationId).Select(r => r.ItemId).SingleAsync();
        await using var locked = await ItemLock.EnterAsync(db, itemId, CancellationToken.None);
        var r = await db.LendingReservations().SingleAsync(x => x.Id == reservationId);
        r.Status = ReservationStatus.Cancelled;
        await db.SaveChangesAsync();
        var told = await Bot.Watchers(scope.ServiceProvider).NotifyFreedAsync(itemId, r.StartsAtUtc, r.EndsAtUtc, CancellationToken.None);
        await locked!.CommitAsync(CancellationToken.None);
        return told;
    }

    [Fact]
    public async Task Watch_RangeStillTakenByAnotherReservation_NobodyTold()
    {
        var item = await ItemAsync("VR-Brille");
        var cancelled = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 17, 12));
        await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 17, 12), Berlin(2026, 11, 18, 12));
        var erika = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 2, 9), Berlin(2026, 11, 17, 9), Berlin(2026, 11, 18, 9));

        Assert.Equal(0, await CancelAndNotifyAsync(cancelled));

        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(erika.Id)));
        Assert.Null((await FindAsync(erika.Id))!.NotifiedAtUtc);
    }

    [Fact]
    public async Task Watch_TwoUnitsFreeThreeWaiting_FirstTwoInOrderToldAndNeverTwice()
    {
        var item = await ItemAsync("VR-Brille", 2);
        var cancelled = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 17, 12), quantity: 2);
        var third = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 3, 9), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 16, 15));
        var first = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 2, 9), Berlin(2026, 11, 16, 10), Berlin(2026, 11, 16, 15), lang: "en");
        var second = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 2, 11), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 17, 12));

        Assert.Equal(2, await CancelAndNotifyAsync(cancelled));
        await using (var scope = Bot.App.Services.CreateAsyncScope())
            Assert.Equal(0, await Bot.Watchers(scope.ServiceProvider).NotifyFreedAsync(item, Berlin(2026, 11, 16, 9), Berlin(2026, 11, 17, 12), CancellationToken.None));

        var toFirst = Assert.Single(await Bot.MessagesAsync(LendingWatchers.Key(first.Id)));
        var toSecond = Assert.Single(await Bot.MessagesAsync(LendingWatchers.Key(second.Id)));
        Assert.True(toFirst.Id < toSecond.Id);
        Assert.Empty(await Bot.MessagesAsync(LendingWatchers.Key(third.Id)));
        Assert.Null((await FindAsync(third.Id))!.NotifiedAtUtc);
        var name = await Bot.WithDbAsync(db => db.LendingItems().Where(i => i.Id == item).Select(i => i.Name).SingleAsync());
        Assert.Contains(Word.En("lendingReminders.nowFree.title", name), Words(LendingJobsBot.CardOf(toFirst)), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReminders.nowFree.title", name), Words(LendingJobsBot.CardOf(toSecond)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_RangeOver_DeletedByTheJob_FutureOnesKept()
    {
        var item = await ItemAsync("Sensor-Set");
        var over = await WatchAsync(item, NewColleague(), Berlin(2026, 10, 1, 9), Berlin(2026, 10, 5, 9), Berlin(2026, 10, 6, 12));
        var overAndTold = await WatchAsync(item, NewColleague(), Berlin(2026, 10, 1, 9), Berlin(2026, 10, 5, 9), Berlin(2026, 10, 6, 12), Berlin(2026, 10, 2, 9));
        var coming = await LendingSeed.ReservationAsync(Bot, item, NewColleague(), Berlin(2026, 11, 16, 9), Berlin(2026, 11, 20, 12));
        var future = await WatchAsync(item, NewColleague(), Berlin(2026, 11, 2, 9), Berlin(2026, 11, 17, 9), Berlin(2026, 11, 18, 12));

        await Bot.RunAsync<ReleaseNoShows>(Monday, JobPeriodKind.Hour);

        Assert.Null(await FindAsync(over.Id));
        Assert.Null(await FindAsync(overAndTold.Id));
        Assert.NotNull(await FindAsync(future.Id));
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, coming)).Status);
    }
}

public sealed class WatchTests_Sqlite(LendingJobsSqliteBot bot) : WatchTests<LendingJobsSqliteBot>(bot), IClassFixture<LendingJobsSqliteBot>;

public sealed class WatchTests_Postgres(LendingJobsPostgresBot bot) : WatchTests<LendingJobsPostgresBot>(bot), IClassFixture<LendingJobsPostgresBot>;
