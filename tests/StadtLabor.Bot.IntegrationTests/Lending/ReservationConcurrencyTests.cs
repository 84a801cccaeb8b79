using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Capacity under concurrency, through HTTP on SQLite and PostgreSQL: many colleagues clicking "Reservieren" at the
/// same moment never get more units than the lab owns, and a kit and one of its parts never both get the last unit.
/// </summary>
public abstract class ReservationConcurrencyTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private Task<List<LendingReservation>> OccupyingAsync(long itemId) => Bot.WithDbAsync(db => db.LendingReservations().AsNoTracking()
        .Where(r => r.ItemId == itemId && ReservationRule.Occupying.Contains(r.Status)).ToListAsync());

    /// <summary>The most units in use at any one moment, counted from the rows themselves.</summary>
    private static int Peak(IEnumerable<LendingReservation> rows) => rows
        .SelectMany(r => new[] { (At: r.StartsAtUtc, Delta: r.Quantity), (At: r.EndsAtUtc, Delta: -r.Quantity) })
        .OrderBy(e => e.At).ThenBy(e => e.Delta)
        .Aggregate((Running: 0, Peak: 0), (s, e) => (s.Running + e.Delta, Math.Max(s.Peak, s.Running + e.Delta))).Peak;

    private async Task<JsonObject> ReserveAsync(Persona p, long itemId, DateTime fromUtc, DateTime toUtc)
    {
        var body = await Bot.InvokeAsync(Execute(Bot, p, "lending.reserve", ReserveTests<TBot>.Fields(fromUtc, toUtc, itemId), conversationId: TrainingSeed.Chat(p)));
        return TrainingSeed.Card(body) ?? throw new Xunit.Sdk.XunitException("no card: " + body.ToJsonString());
    }

    [Fact]
    public async Task Reserve_ThirtyPeopleForTheLastTwoHeadsets_NeverMoreThanTwoAndEveryOtherToldWhy()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var day3 = LendingSeed.WorkingDayUtc(3, 8);
        var day4 = LendingSeed.WorkingDayUtc(4, 10);
        // Four of six are out already for the whole time: two are left.
        await LendingSeed.ReservationAsync(Bot, item, TrainingSeed.Colleague(9500), day3.AddDays(-1), day4.AddDays(2), quantity: 4);
        var people = Enumerable.Range(9501, 30).Select(TrainingSeed.Colleague).ToList();

        // Overlapping ranges, all covering day 3 at 10:00 until day 4 at 10:00.
        var cards = await Task.WhenAll(people.Select((p, i) =>
            ReserveAsync(p, item, day3.AddMinutes(30 * (i % 5)), day4.AddMinutes(30 * (i % 3)))));

        var rows = await OccupyingAsync(item);
        var newRows = rows.Where(r => r.UserAadObjectId != TrainingSeed.Colleague(9500).AadObjectId).ToList();
        Assert.Equal(2, newRows.Count);
        Assert.True(Peak(rows) <= 6, $"peak {Peak(rows)} of 6");
        var winners = newRows.Select(r => r.UserAadObjectId).ToHashSet();
        for (var i = 0; i < people.Count; i++)
        {
            var words = Words(cards[i]);
            if (winners.Contains(people[i].AadObjectId))
                Assert.Contains(Word.De("lendingReserve.done.reserved"), words, StringComparison.Ordinal);
            else
                Assert.Contains(Word.De("lendingRules.notFree", 0, 1), words, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reserve_KitAndItsPartAtTheSameMoment_ExactlyOneWinsEachRound()
    {
        var from = LendingSeed.WorkingDayUtc(3, 10);
        var to = LendingSeed.WorkingDayUtc(4, 10);
        for (var round = 0; round < 4; round++)
        {
            var part = await LendingSeed.ItemAsync(Bot, Unique("Roboter"), quantity: 1, category: "Robotik");
            var cable = await LendingSeed.ItemAsync(Bot, Unique("Kabelsatz"), quantity: 3, category: "Zubehör");
            var kit = await LendingSeed.KitAsync(Bot, Unique("Mobiles stadtLABOR"), (cable, 1), (part, 1));
            var kitPerson = TrainingSeed.Colleague(9600 + round * 2);
            var partPerson = TrainingSeed.Colleague(9601 + round * 2);

            // The part person clicks first in even rounds, the kit person in odd ones.
            var clicks = round % 2 == 0
                ? new[] { ReserveAsync(partPerson, part, from, to), ReserveAsync(kitPerson, kit, from, to) }
                : [ReserveAsync(kitPerson, kit, from, to), ReserveAsync(partPerson, part, from, to)];
            await Task.WhenAll(clicks);

            var won = (await OccupyingAsync(kit)).Count + (await OccupyingAsync(part)).Count;
            Assert.Equal(1, won);
        }
    }

    [Fact]
    public async Task Reserve_OnePersonTwoItemsAtOnceWithOneLoanLeft_OnlyOneWithinTheLimit()
    {
        var from = LendingSeed.WorkingDayUtc(3, 10);
        var to = LendingSeed.WorkingDayUtc(4, 10);
        for (var round = 0; round < 4; round++)
        {
            // Lending:MaxOpenPerPerson is 3: two loans held, one left, two different items clicked at the same moment.
            var erika = TrainingSeed.Colleague(9700 + round);
            for (var held = 0; held < 2; held++)
                await LendingSeed.ReservationAsync(Bot, await LendingSeed.ItemAsync(Bot, Unique("Tablet")), erika, from, to);
            var a = await LendingSeed.ItemAsync(Bot, Unique("Sensor-Kit"), quantity: 2, category: "Sensorik");
            var b = await LendingSeed.ItemAsync(Bot, Unique("Ozobot"), quantity: 2, category: "Robotik");

            await Task.WhenAll(ReserveAsync(erika, a, from, to), ReserveAsync(erika, b, from, to));

            var open = await Bot.WithDbAsync(db => db.LendingReservations().AsNoTracking()
                .CountAsync(r => r.UserAadObjectId == erika.AadObjectId && ReservationRule.Occupying.Contains(r.Status)));
            Assert.Equal(3, open);
        }
    }
}

public sealed class ReservationConcurrencyTests_Sqlite(SqliteBot bot) : ReservationConcurrencyTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class ReservationConcurrencyTests_Postgres(PostgresBot bot) : ReservationConcurrencyTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
