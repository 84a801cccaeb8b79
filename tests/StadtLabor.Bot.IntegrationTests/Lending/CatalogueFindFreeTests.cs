using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Lending.CatalogueCards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// "Was ist frei?" as Erika uses it: the form prefilled with the next open day, the results with free units by
/// category (reservations and a maintenance block arranged with LendingSeed), the time rules in words with her input
/// kept, the nearest free range and similar items for what is taken, and "Sag mir Bescheid" noted once however often
/// she clicks. Bad input gets a clear answer and changes nothing. Through HTTP on SQLite and PostgreSQL.
/// </summary>
public abstract class CatalogueFindFreeTests<TBot>(TBot fixture) where TBot : BotFixture
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

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    /// <summary>The four fields as Teams sends them from Input.Date and Input.Time.</summary>
    private static JsonObject Range(DateOnly from, string fromTime, DateOnly to, string toTime) => new()
    {
        ["fromDate"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["fromTime"] = fromTime,
        ["toDate"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["toTime"] = toTime,
    };

    private async Task<JsonObject> TypeAsync(string text)
    {
        var conversation = "a:personal-" + Guid.NewGuid().ToString("N");
        var message = Message(Bot, Erika, text, conversation);
        await Bot.PostAsync(message);
        return CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>()))!;
    }

    private static string Value(JsonObject card, string input) => FormCards.Input(card, input)["value"]?.GetValue<string>() ?? "";

    private Task<int> WatchesAsync(long itemId) => Bot.WithDbAsync(db => db.LendingWatches().CountAsync(w => w.ItemId == itemId));

    private Task<int> MaintenanceAsync(long itemId, int quantity, DateTime fromUtc, DateTime toUtc) => Bot.WithDbAsync(async db =>
    {
        db.MaintenanceBlocks().Add(new MaintenanceBlock
        {
            ItemId = itemId, Quantity = quantity, StartsAtUtc = fromUtc, EndsAtUtc = toUtc, Reason = MaintenanceReason.Repair, CreatedAtUtc = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task FindFree_TypedOrClickedWithoutDates_FormPrefilledWithNextOpeningAndHours()
    {
        var typed = await TypeAsync("was ist frei?");
        var brief = await TypeAsync("Frei");
        var clicked = await ClickAsync(Erika, "lending.findFree");

        // The first open day whose opening is 24 hours away, from opening to closing.
        var day = OpenDaysAhead(3).First(d => BerlinUtc(d, 8) >= DateTime.UtcNow.AddHours(24));
        foreach (var card in new[] { typed, brief, clicked })
        {
            Assert.Equal(["fromDate", "fromTime", "toDate", "toTime"], FormCards.InputIds(card));
            Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value(card, "fromDate"));
            Assert.Equal("08:00", Value(card, "fromTime"));
            Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value(card, "toDate"));
            Assert.Contains(Word.De("lendingCatalogue.hoursDay", "Do.", "08:00–17:30"), Words(card), StringComparison.Ordinal);
            Assert.Empty(Rows(card));
        }
    }

    [Fact]
    public async Task FindFree_Range_FreeUnitsByCategoryWithReservationsAndMaintenance()
    {
        var vr = Unique("VR");
        var print = Unique("3D");
        var headsets = Unique("VR-Brille");
        var headsetsId = await LendingSeed.ItemAsync(Bot, headsets, 6, vr);
        var printer = Unique("3D-Drucker");
        var printerId = await LendingSeed.ItemAsync(Bot, printer, 2, print);
        var open = OpenDaysAhead(4);
        await LendingSeed.ReservationAsync(Bot, headsetsId, Lotse, BerlinUtc(open[1], 9), BerlinUtc(open[2], 11), quantity: 2);
        await LendingSeed.ReservationAsync(Bot, headsetsId, Lotse, BerlinUtc(open[2], 10), BerlinUtc(open[2], 11), ReservationStatus.Lent, quantity: 1);
        await MaintenanceAsync(printerId, 2, BerlinUtc(open[2], 8), BerlinUtc(open[3], 12));

        var card = await ClickAsync(Erika, "lending.findFree", Range(open[1], "09:00", open[2], "11:00"));

        Assert.Contains(Word.De("lendingCatalogue.free.freeCount", 3, 6), Words(Row(card, headsets)), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.free.notFree"), Words(Row(card, printer)), StringComparison.Ordinal);
        // Grouped: each category's heading comes before its items.
        var words = Words(card);
        Assert.True(words.IndexOf("\n" + vr + "\n", StringComparison.Ordinal) < words.IndexOf("\n" + headsets + "\n", StringComparison.Ordinal));
        Assert.True(words.IndexOf("\n" + print + "\n", StringComparison.Ordinal) < words.IndexOf("\n" + printer + "\n", StringComparison.Ordinal));
        var reserve = Action(Row(card, headsets), "lending.reserveForm")["data"]!.AsObject();
        Assert.Equal(headsetsId.ToString(CultureInfo.InvariantCulture), reserve["itemId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Range(open[1], "09:00", open[2], "11:00"), new JsonObject
        {
            ["fromDate"] = reserve["fromDate"]!.DeepClone(), ["fromTime"] = reserve["fromTime"]!.DeepClone(),
            ["toDate"] = reserve["toDate"]!.DeepClone(), ["toTime"] = reserve["toTime"]!.DeepClone(),
        }));
        Assert.Equal(open[1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value(card, "fromDate"));
    }

    [Fact]
    public async Task FindFree_NotFree_NearestRangeOfSameLengthAndSimilarFreeItems()
    {
        var category = Unique("Robotik");
        var robot = Unique("Roboter A");
        var robotId = await LendingSeed.ItemAsync(Bot, robot, 1, category);
        var other = Unique("Roboter B");
        await LendingSeed.ItemAsync(Bot, other, 2, category);
        var taken = Unique("Roboter C");
        var takenId = await LendingSeed.ItemAsync(Bot, taken, 1, category);
        var elsewhere = Unique("Drohne");
        await LendingSeed.ItemAsync(Bot, elsewhere, 1, Unique("Luft"));
        var open = OpenDaysAhead(12);
        var asked = open[3];
        await LendingSeed.ReservationAsync(Bot, robotId, Lotse, BerlinUtc(asked, 8), BerlinUtc(asked, 12));
        await LendingSeed.ReservationAsync(Bot, takenId, Lotse, BerlinUtc(asked, 8), BerlinUtc(asked, 12));
        // The days right around it are taken too, so the nearest free range lies further away.
        await LendingSeed.ReservationAsync(Bot, robotId, Lotse, BerlinUtc(open[2], 8), BerlinUtc(open[2], 12));
        await LendingSeed.ReservationAsync(Bot, robotId, Lotse, BerlinUtc(open[4], 8), BerlinUtc(open[4], 12));

        var card = await ClickAsync(Erika, "lending.findFree", Range(asked, "09:00", asked, "11:00"));

        // Worked out here: the same times 1, 2, 3 ... calendar days later or earlier (later first), on an open day
        // with the lead time kept and the robot not lent out.
        var booked = new[] { open[2], open[3], open[4] };
        var nearest = Enumerable.Range(1, 60).SelectMany(k => new[] { asked.AddDays(k), asked.AddDays(-k) })
            .First(d => WorkingDays.IsWorkingDay(d) && !booked.Contains(d) && BerlinUtc(d, 9) >= DateTime.UtcNow.AddHours(24));
        var row = Row(card, robot);
        var expected = new LendingRange(BerlinUtc(nearest, 9), BerlinUtc(nearest, 11)).Text(Strings.German);
        Assert.Contains(Word.De("lendingCatalogue.free.nearest", expected), Words(row), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.free.similar", Word.De("lendingCatalogue.free.similarItem", other, 2)), Words(row), StringComparison.Ordinal);
        Assert.DoesNotContain(taken + " (", Words(row), StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere, Words(row), StringComparison.Ordinal);
        var reserveNearest = Action(row, "lending.reserveForm")["data"]!;
        Assert.Equal(nearest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reserveNearest["fromDate"]!.GetValue<string>());
        Assert.Equal("09:00", reserveNearest["fromTime"]!.GetValue<string>());
        Assert.Equal("11:00", reserveNearest["toTime"]!.GetValue<string>());
        Assert.Equal(asked.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Action(row, "lending.watch")["data"]!["fromDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task FindFree_BrokenTimeRules_SaidUnderTheFieldsInputKeptNoResults()
    {
        var saturday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        var monday = saturday.AddDays(2);
        while (!WorkingDays.IsWorkingDay(monday)) monday = monday.AddDays(1);

        var card = await ClickAsync(Erika, "lending.findFree", Range(saturday, "09:00", monday, "19:00"));

        Assert.Equal(Word.De("lendingRules.pickupDay", Wording.Day(Strings.German, saturday)), FormCards.MessageUnder(card, "fromDate"));
        var hours = monday.DayOfWeek == DayOfWeek.Thursday ? "08:00–17:30" : monday.DayOfWeek == DayOfWeek.Friday ? "08:00–12:30" : "08:00–16:00";
        Assert.Equal(Word.De("lendingRules.returnHours", Wording.Day(Strings.German, monday), hours), FormCards.MessageUnder(card, "toTime"));
        Assert.Contains(Word.De("lendingCatalogue.free.errors"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal(saturday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value(card, "fromDate"));
        Assert.Equal("19:00", Value(card, "toTime"));
        Assert.Empty(Rows(card));
        Assert.DoesNotContain("lending.reserveForm", Verbs(card));
    }

    [Fact]
    public async Task FindFree_GarbledOrMissingFields_SaysWhichAndKeepsTheRest()
    {
        var open = OpenDaysAhead(2);
        var data = Range(open[0], "10:00", open[1], "11:00");
        data["fromDate"] = "31.12.2026";
        data.Remove("toTime");

        var card = await ClickAsync(Erika, "lending.findFree", data);

        Assert.Equal(Word.De("lendingCatalogue.free.dateMissing"), FormCards.MessageUnder(card, "fromDate"));
        Assert.Equal(Word.De("lendingCatalogue.free.timeMissing"), FormCards.MessageUnder(card, "toTime"));
        Assert.Equal("", FormCards.MessageUnder(card, "fromTime"));
        Assert.Equal("10:00", Value(card, "fromTime"));
        Assert.Equal(open[1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value(card, "toDate"));
        Assert.Empty(Rows(card));
    }

    [Fact]
    public async Task Watch_SameClickThreeTimes_OneWatchAndTheCardSaysSo()
    {
        var category = Unique("Kamera");
        var camera = Unique("360-Grad-Kamera");
        var id = await LendingSeed.ItemAsync(Bot, camera, 1, category);
        var open = OpenDaysAhead(3);
        await LendingSeed.ReservationAsync(Bot, id, Lotse, BerlinUtc(open[1], 8), BerlinUtc(open[2], 12));
        var search = await ClickAsync(Erika, "lending.findFree", Range(open[1], "09:00", open[1], "12:00"));
        var watch = Action(Row(search, camera), "lending.watch")["data"]!.AsObject();

        var first = await ClickAsync(Erika, "lending.watch", watch.DeepClone().AsObject());
        var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ClickAsync(Erika, "lending.watch", watch.DeepClone().AsObject())));
        var jonas = await ClickAsync(Lotse, "lending.watch", watch.DeepClone().AsObject());

        var range = new LendingRange(BerlinUtc(open[1], 9), BerlinUtc(open[1], 12));
        Assert.Contains(Word.De("lendingCatalogue.watch.added", camera, range.Text(Strings.German)), Words(first), StringComparison.Ordinal);
        Assert.All(again, c => Assert.Contains(Word.De("lendingCatalogue.watch.already", camera), Words(c), StringComparison.Ordinal));
        Assert.Contains(Word.De("lendingCatalogue.free.watching"), Words(Row(first, camera)), StringComparison.Ordinal);
        Assert.DoesNotContain("lending.watch", Verbs(Row(first, camera)));
        var watches = await Bot.WithDbAsync(db => db.LendingWatches().AsNoTracking().Where(w => w.ItemId == id).OrderBy(w => w.Id).ToListAsync());
        Assert.Equal([Erika.AadObjectId, Lotse.AadObjectId], watches.Select(w => w.UserAadObjectId));
        Assert.Equal((range.FromUtc, range.ToUtc), (watches[0].FromUtc, watches[0].ToUtc));
        Assert.Equal(BotFixture.TenantId, watches[0].TenantId);
        Assert.Null(watches[0].NotifiedAtUtc);
        Assert.Contains(Word.De("lendingCatalogue.watch.added", camera, range.Text(Strings.German)), Words(jonas), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_BadInput_ClearAnswerAndNoWatch()
    {
        var camera = Unique("Kamera");
        var id = await LendingSeed.ItemAsync(Bot, camera, 1, Unique("Foto"));
        var retiredId = await LendingSeed.ItemAsync(Bot, Unique("Alte Kamera"), 1, Unique("Foto"), i => i.RetiredAtUtc = DateTime.UtcNow);
        var open = OpenDaysAhead(2);
        JsonObject Watch(long itemId, DateOnly from, string fromTime, DateOnly to, string toTime)
        {
            var data = Range(from, fromTime, to, toTime);
            data["itemId"] = itemId.ToString(CultureInfo.InvariantCulture);
            return data;
        }
        var garbled = Watch(id, open[0], "09:00", open[1], "11:00");
        garbled["toDate"] = "morgen";

        var unknown = await ClickAsync(Erika, "lending.watch", Watch(long.MaxValue - 3, open[0], "09:00", open[1], "11:00"));
        var retired = await ClickAsync(Erika, "lending.watch", Watch(retiredId, open[0], "09:00", open[1], "11:00"));
        var badDate = await ClickAsync(Erika, "lending.watch", garbled);
        var noItem = await ClickAsync(Erika, "lending.watch", Range(open[0], "09:00", open[1], "11:00"));
        var backwards = await ClickAsync(Erika, "lending.watch", Watch(id, open[1], "11:00", open[0], "09:00"));

        Assert.Contains(Word.De("lendingCatalogue.unknownItem"), Words(unknown), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.unknownItem"), Words(retired), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.badRequest"), Words(badDate), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.badRequest"), Words(noItem), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingRules.order"), FormCards.Summary(backwards), StringComparison.Ordinal);
        Assert.Equal(0, await WatchesAsync(id));
        Assert.Equal(0, await WatchesAsync(retiredId));
    }
}

public sealed class CatalogueFindFreeTests_Sqlite(SqliteBot bot) : CatalogueFindFreeTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class CatalogueFindFreeTests_Postgres(PostgresBot bot) : CatalogueFindFreeTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
