using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Lending.CatalogueCards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Erika from the Ordnungsamt browses what the stadtLABOR lends: typed "ausleihen" or the menu button, by category,
/// with photo, kit parts, "nur nach Einweisung" (and whether she attended), "Genehmigung nötig" and the next free
/// days; retired items and parts that only travel in a kit are not offered; the item card lists ten open days with
/// free units. Through HTTP on SQLite and PostgreSQL. Each test uses its own category, as the database is shared.
/// </summary>
public abstract class CatalogueTests<TBot>(TBot fixture) where TBot : BotFixture
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

    private Task<JsonObject> CategoryAsync(Persona p, string category) => ClickAsync(p, "lending.catalogue", new JsonObject { ["category"] = category });

    private static JsonObject Item(long id) => new() { ["itemId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Catalogue_Category_PhotoDescriptionQuantityKitPartsAndApproval()
    {
        var category = Unique("VR");
        var photo = "https://intranet.soest.example/lending/photos/quest.jpg";
        var headset = Unique("VR-Brille");
        var headsetId = await LendingSeed.ItemAsync(Bot, headset, 6, category, i => { i.PhotoUrl = photo; i.NeedsApproval = true; });
        var cable = Unique("Ladekabel");
        var cableId = await LendingSeed.ItemAsync(Bot, cable, 10, category, i => i.LendableAlone = false);
        var kit = Unique("Mobiles stadtLABOR");
        var kitId = await LendingSeed.KitAsync(Bot, kit, (headsetId, 2), (cableId, 3));
        await Bot.WithDbAsync(async db =>
        {
            var k = await db.LendingItems().FindAsync(kitId);
            k!.Category = category;
            return await db.SaveChangesAsync();
        });

        var card = await CategoryAsync(Erika, category);

        Assert.Equal([kit, headset], Names(card));
        var row = Row(card, headset);
        Assert.Equal(photo, Assert.Single(Walk(row), o => o["type"]?.GetValue<string>() == "Image")["url"]!.GetValue<string>());
        var words = Words(row);
        Assert.Contains("Zum Ausprobieren in Workshops und Projekten.", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.quantity.other", 6), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.approval"), words, StringComparison.Ordinal);
        Assert.Equal(headsetId.ToString(System.Globalization.CultureInfo.InvariantCulture), Action(row, "lending.reserveForm")["data"]!["itemId"]!.GetValue<string>());
        Assert.Equal(Word.De("lendingCatalogue.detailsOf", headset), Action(row, "lending.item")["title"]!.GetValue<string>());
        var kitRow = Row(card, kit);
        Assert.Contains(Word.De("lendingCatalogue.kitParts", $"{Word.De("lendingCatalogue.partCount", 3, cable)}, {Word.De("lendingCatalogue.partCount", 2, headset)}"),
            Words(kitRow), StringComparison.Ordinal);
        Assert.DoesNotContain(Walk(kitRow), o => o["type"]?.GetValue<string>() == "Image");
        Assert.DoesNotContain(Word.De("lendingCatalogue.approval"), Words(kitRow), StringComparison.Ordinal);
        Assert.Contains("lending.findFree", Verbs(card));
    }

    [Fact]
    public async Task Catalogue_RetiredAndPartsNotLendableAlone_NotOffered()
    {
        var category = Unique("Robotik");
        var robot = Unique("Roboter");
        await LendingSeed.ItemAsync(Bot, robot, 2, category);
        var retired = Unique("Alter Roboter");
        await LendingSeed.ItemAsync(Bot, retired, 1, category, i => i.RetiredAtUtc = DateTime.UtcNow.AddDays(-1));
        var part = Unique("Akku");
        await LendingSeed.ItemAsync(Bot, part, 4, category, i => i.LendableAlone = false);

        var card = await CategoryAsync(Erika, category);
        var all = await ClickAsync(Erika, "lending.catalogue");

        Assert.Equal([robot], Names(card));
        Assert.DoesNotContain(retired, Words(all), StringComparison.Ordinal);
        Assert.DoesNotContain(part, Words(all), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_TrainingNeeded_AttendedOnlyForThePersonWhoWasThere()
    {
        var category = Unique("3D-Druck");
        var tool = Unique("3D-Druck Einweisung");
        var toolId = await TrainingSeed.ToolAsync(Bot, tool);
        var sessionId = await TrainingSeed.SessionAsync(Bot, 8, TimeSpan.FromDays(-14), tool, "Einweisung 3D-Drucker");
        await Bot.WithDbAsync(async db =>
        {
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = sessionId, UserAadObjectId = Erika.AadObjectId, UserName = Erika.Name, Status = RegistrationStatus.Booked,
                Attendance = Attendance.Present, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            // Jonas was booked too but did not come: booked is not trained.
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = sessionId, UserAadObjectId = Lotse.AadObjectId, UserName = Lotse.Name, Status = RegistrationStatus.Booked,
                Attendance = Attendance.NoShow, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var printer = Unique("3D-Drucker");
        await LendingSeed.ItemAsync(Bot, printer, 1, category, i => i.RequiredToolId = toolId);

        var erikas = Row(await CategoryAsync(Erika, category), printer);
        var jonas = Row(await CategoryAsync(Lotse, category), printer);

        Assert.Contains(Word.De("lendingCatalogue.training.needed", tool), Words(erikas), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.training.attended"), Words(erikas), StringComparison.Ordinal);
        Assert.DoesNotContain("trainings.list", Verbs(erikas));
        Assert.Contains(Word.De("lendingCatalogue.training.missing"), Words(jonas), StringComparison.Ordinal);
        Assert.Equal(toolId.ToString(System.Globalization.CultureInfo.InvariantCulture), Action(jonas, "trainings.list")["data"]!["toolId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Catalogue_NextFreeDays_SkipClosedBookedAndBlockedDays()
    {
        var category = Unique("Sensoren");
        var sensor = Unique("Sensor-Set");
        var id = await LendingSeed.ItemAsync(Bot, sensor, 1, category);
        var open = OpenDaysAhead(6);
        // The second open day is lent out all day, the fourth blocked for repair from the morning to noon.
        await LendingSeed.ReservationAsync(Bot, id, Lotse, BerlinUtc(open[1], 8), BerlinUtc(open[1], 18));
        await Bot.WithDbAsync(async db =>
        {
            db.MaintenanceBlocks().Add(new MaintenanceBlock
            {
                ItemId = id, Quantity = 1, StartsAtUtc = BerlinUtc(open[3], 8), EndsAtUtc = BerlinUtc(open[3], 12), Reason = MaintenanceReason.Repair,
                CreatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var row = Row(await CategoryAsync(Erika, category), sensor);

        var expected = string.Join(", ", new[] { open[0], open[2], open[4] }.Select(Day));
        Assert.Contains(Word.De("lendingCatalogue.nextFree", expected), Words(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_BlockedUntilCleared_SaysNoFreeDay()
    {
        var category = Unique("Wartung");
        var tablet = Unique("Tablet");
        var id = await LendingSeed.ItemAsync(Bot, tablet, 1, category);
        await Bot.WithDbAsync(async db =>
        {
            db.MaintenanceBlocks().Add(new MaintenanceBlock
            {
                ItemId = id, Quantity = 1, StartsAtUtc = DateTime.UtcNow.AddDays(-1), Reason = MaintenanceReason.MissingPart, CreatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var row = Row(await CategoryAsync(Erika, category), tablet);

        Assert.Contains(Word.De("lendingCatalogue.noneFree", new LendingOptions().MaxAdvanceDays), Words(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_UnitsInMaintenance_LinePerItemWithReasonSinceAndUntil()
    {
        var category = Unique("Wartung");
        var headset = Unique("VR-Brille");
        var headsetId = await LendingSeed.ItemAsync(Bot, headset, 6, category);
        var printer = Unique("3D-Drucker");
        var printerId = await LendingSeed.ItemAsync(Bot, printer, 2, category);
        var fine = Unique("Tablet");
        var fineId = await LendingSeed.ItemAsync(Bot, fine, 2, category);
        var now = DateTime.UtcNow;
        var berlinToday = DateOnly.FromDateTime(TrainingTime.ToBerlin(now));
        var since = berlinToday.AddDays(-3);
        var until = berlinToday.AddDays(4);
        await Bot.WithDbAsync(async db =>
        {
            MaintenanceBlock Block(long itemId, MaintenanceReason reason, DateTime startsUtc, DateTime? endsUtc, DateTime? clearedUtc = null) => new()
            {
                ItemId = itemId, Quantity = 1, StartsAtUtc = startsUtc, EndsAtUtc = endsUtc, Reason = reason, ClearedAtUtc = clearedUtc, CreatedAtUtc = now,
            };
            db.MaintenanceBlocks().AddRange(
                Block(headsetId, MaintenanceReason.MissingPart, BerlinUtc(since, 10), null),
                Block(printerId, MaintenanceReason.Repair, BerlinUtc(since, 10), BerlinUtc(until, 12)),
                // Not now: cleared, already over, or still to come; none of these makes a line.
                Block(fineId, MaintenanceReason.Damaged, now.AddDays(-2), null, now.AddHours(-1)),
                Block(fineId, MaintenanceReason.Cleaning, now.AddDays(-3), now.AddDays(-1)),
                Block(fineId, MaintenanceReason.LabEvent, now.AddDays(20), now.AddDays(21)));
            return await db.SaveChangesAsync();
        });

        var card = await CategoryAsync(Erika, category);
        var details = await ClickAsync(Erika, "lending.item", Item(printerId));

        var headsetLine = Word.De("lendingCatalogue.maintenance.open", 1, 6, Day(since), Word.De("lendingCatalogue.maintenance.reason.missingPart"));
        var printerLine = Word.De("lendingCatalogue.maintenance.until", 1, 2, Day(since), Word.De("lendingCatalogue.maintenance.reason.repair"), Day(until));
        Assert.Contains(headsetLine, Words(Row(card, headset)), StringComparison.Ordinal);
        Assert.Contains(printerLine, Words(Row(card, printer)), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("lendingCatalogue.maintenance.reason.damaged"), Words(Row(card, fine)), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("lendingCatalogue.maintenance.reason.cleaning"), Words(Row(card, fine)), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("lendingCatalogue.maintenance.reason.labEvent"), Words(Row(card, fine)), StringComparison.Ordinal);
        Assert.Contains(printerLine, Words(details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_TypedAusleihenAndMenuButton_ReachTheCatalogue()
    {
        var conversation = "a:personal-" + Guid.NewGuid().ToString("N");
        var message = Message(Bot, Erika, "Ausleihen", conversation);
        await Bot.PostAsync(message);
        var typed = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>()));
        var menu = await ClickAsync(Erika, "menu.show");
        var clicked = await ClickAsync(Erika, Action(menu, "lending.catalogue")["verb"]!.GetValue<string>());

        foreach (var card in new[] { typed, clicked })
        {
            Assert.Contains(Word.De("lendingCatalogue.title"), Words(card), StringComparison.Ordinal);
            Assert.Contains("lending.findFree", Verbs(card));
        }
        Assert.Contains(Word.De("menu.lending.title"), Words(menu), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_TypedWithCategoryName_OnlyThatCategory()
    {
        var category = Unique("Robotik");
        var robot = Unique("Lernroboter");
        await LendingSeed.ItemAsync(Bot, robot, 2, category);
        await LendingSeed.ItemAsync(Bot, Unique("Drohne"), 1, Unique("Luft"));
        var conversation = "a:personal-" + Guid.NewGuid().ToString("N");
        var message = Message(Bot, Erika, "ausleihen " + category.ToUpperInvariant(), conversation);

        await Bot.PostAsync(message);
        var card = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>()))!;

        Assert.Equal([robot], Names(card));
        Assert.Contains(Word.De("lendingCatalogue.filtered", category), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_UnknownCategory_EverythingWithANotice()
    {
        var card = await CategoryAsync(Erika, "Gibt es nicht " + Guid.NewGuid().ToString("N")[..4]);

        Assert.Contains("Gibt es nicht", Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingCatalogue.title"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item_Details_TenOpenDaysWithFreeUnitsAndReserveButton()
    {
        var category = Unique("VR");
        var headset = Unique("VR-Brille");
        var id = await LendingSeed.ItemAsync(Bot, headset, 3, category, i => i.Description = "Mit Ladekabel und Tasche; bitte geladen zurückgeben.");
        var open = OpenDaysAhead(10);
        await LendingSeed.ReservationAsync(Bot, id, Lotse, BerlinUtc(open[1], 9), BerlinUtc(open[1], 11), quantity: 2);
        await LendingSeed.ReservationAsync(Bot, id, Lotse, BerlinUtc(open[2], 8), BerlinUtc(open[3], 12), ReservationStatus.Requested, quantity: 3);
        // Cancelled and returned loans hold nothing.
        await LendingSeed.ReservationAsync(Bot, id, Lotse, BerlinUtc(open[0], 9), BerlinUtc(open[0], 11), ReservationStatus.Cancelled, quantity: 3);

        var card = await ClickAsync(Erika, "lending.item", Item(id));

        var facts = Facts(card);
        Assert.Equal(open.Select(Day), facts.Keys);
        Assert.Equal(Word.De("lendingCatalogue.item.dayFree", 3, 3), facts[Day(open[0])]);
        Assert.Equal(Word.De("lendingCatalogue.item.dayFree", 1, 3), facts[Day(open[1])]);
        Assert.Equal(Word.De("lendingCatalogue.item.dayNone"), facts[Day(open[2])]);
        Assert.Equal(Word.De("lendingCatalogue.item.dayNone"), facts[Day(open[3])]);
        Assert.Contains("Mit Ladekabel und Tasche; bitte geladen zurückgeben.", Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.De("lendingCatalogue.reserveOf", headset), Action(card, "lending.reserveForm")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Item_UnknownRetiredOrGarbledId_ClearAnswer()
    {
        var retiredId = await LendingSeed.ItemAsync(Bot, Unique("Beamer"), 1, Unique("Alt"), i => i.RetiredAtUtc = DateTime.UtcNow);
        var partId = await LendingSeed.ItemAsync(Bot, Unique("Kabel"), 1, Unique("Teile"), i => i.LendableAlone = false);

        var unknown = await ClickAsync(Erika, "lending.item", Item(long.MaxValue - 7));
        var retired = await ClickAsync(Erika, "lending.item", Item(retiredId));
        var part = await ClickAsync(Erika, "lending.item", Item(partId));
        var garbled = await ClickAsync(Erika, "lending.item", new JsonObject { ["itemId"] = "1; DROP TABLE" });
        var missing = await ClickAsync(Erika, "lending.item");

        foreach (var card in new[] { unknown, retired, part })
            Assert.Contains(Word.De("lendingCatalogue.unknownItem"), Words(card), StringComparison.Ordinal);
        foreach (var card in new[] { garbled, missing })
            Assert.Contains(Word.De("lendingCatalogue.badRequest"), Words(card), StringComparison.Ordinal);
    }
}

public sealed class CatalogueTests_Sqlite(SqliteBot bot) : CatalogueTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class CatalogueTests_Postgres(PostgresBot bot) : CatalogueTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
