using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Lending.AdminTesting;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The lab team's start card and its items and kits, through HTTP as Teams sends the clicks, on SQLite and
/// PostgreSQL: create, edit, a kit with its parts, a duplicate name, every refused field keeping the input and
/// changing nothing, and the same submit twice.
/// </summary>
public abstract class AdminItemsTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Overview_TypedCommand_FiguresFromTheDatabaseAndEveryLabTeamCard()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("Übersicht-Brille"), 2);
        await LendingSeed.ReservationAsync(Bot, item, Erika, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4), ReservationStatus.Requested);
        var waiting = await Bot.WithDbAsync(db => db.LendingReservations().CountAsync(r => r.Status == ReservationStatus.Requested));
        var chat = TrainingSeed.Chat(LabTeam);
        var message = Message(Bot, LabTeam, "Ausleihe verwalten", chat);

        using var response = await Bot.PostAsync(message);
        var reply = await Bot.Connector.WaitForReplyToAsync(chat, message["id"]!.GetValue<string>());

        var card = CardIn(reply);
        Assert.Contains(Word.De("lendingAdmin.title"), Words(card), StringComparison.Ordinal);
        Assert.Contains(waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), FactValue(card, Word.De("lendingAdmin.overview.waitingCount")), StringComparison.Ordinal);
        Assert.Equal(["lendingAdmin.approvals", "lendingAdmin.today", "lendingAdmin.items", "lendingAdmin.blocks", "lendingAdmin.records", "menu.show"], Verbs(card));
    }

    [Fact]
    public async Task Create_ValidItem_SavedAndOnTheList()
    {
        var name = Unique("VR-Brille");

        var card = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, quantity: "6", photoUrl: "https://intranet.soest.de/bilder/vr.jpg", needsApproval: true));

        Assert.Contains(Word.De("lendingAdmin.done.created", name), Words(card), StringComparison.Ordinal);
        var item = await ItemAsync(Bot, name);
        Assert.NotNull(item);
        Assert.Equal(6, item.Quantity);
        Assert.Equal("VR", item.Category);
        Assert.True(item.NeedsApproval);
        Assert.Equal("https://intranet.soest.de/bilder/vr.jpg", item.PhotoUrl);
        Assert.Equal(LabTeam.AadObjectId, item.CreatedByAadObjectId);
        var list = await AdminAsync(Bot, "lendingAdmin.items");
        Assert.Contains(Word.De("lendingAdmin.items.edit", name), Words(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_KitWithParts_PartsAndCountsStored()
    {
        var headset = await LendingSeed.ItemAsync(Bot, Unique("Kit-Brille"), 6);
        var tablet = await LendingSeed.ItemAsync(Bot, Unique("Kit-Tablet"), 4);
        var name = Unique("Mobiles stadtLABOR");

        await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Koffer", quantity: "1", isKit: true, parts: [(headset, 2), (tablet, 1)]));

        var kit = await ItemAsync(Bot, name);
        Assert.NotNull(kit);
        Assert.True(kit.IsKit);
        var parts = await Bot.WithDbAsync(db => db.KitParts().AsNoTracking().Where(p => p.KitId == kit.Id).OrderBy(p => p.PartId).ToListAsync());
        Assert.Equal([(headset, 2), (tablet, 1)], parts.Select(p => (p.PartId, p.Count)));

        // Edited: one part dropped (0), the other counted up.
        await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Koffer", quantity: "1", itemId: kit.Id, isKit: true, parts: [(headset, 3), (tablet, 0)]));
        parts = await Bot.WithDbAsync(db => db.KitParts().AsNoTracking().Where(p => p.KitId == kit.Id).ToListAsync());
        Assert.Equal([(headset, 3)], parts.Select(p => (p.PartId, p.Count)));
    }

    [Fact]
    public async Task Create_KitContainingAKitOrItself_RefusedNothingSaved()
    {
        var part = await LendingSeed.ItemAsync(Bot, Unique("Teil"));
        var innerKit = await LendingSeed.KitAsync(Bot, Unique("Innerer Koffer"), (part, 1));
        var name = Unique("Äußerer Koffer");

        var card = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Koffer", quantity: "1", isKit: true, parts: [(innerKit, 1)]));

        Assert.Contains(Word.De("lendingAdmin.error.partUnknown"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Null(await ItemAsync(Bot, name));

        var self = await ItemAsync(Bot, innerKit);
        var again = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(self.Name, category: "Koffer", quantity: "1", itemId: innerKit, isKit: true, parts: [(part, 1), (innerKit, 1)]));
        Assert.Contains(Word.De("lendingAdmin.error.partUnknown"), FormCards.Summary(again), StringComparison.Ordinal);
        Assert.Single(await Bot.WithDbAsync(db => db.KitParts().AsNoTracking().Where(p => p.KitId == innerKit).ToListAsync()));

        // A part of a kit cannot become a kit itself.
        var partRow = await ItemAsync(Bot, part);
        var other = await LendingSeed.ItemAsync(Bot, Unique("Anderes Teil"));
        var refused = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(partRow.Name, quantity: "1", itemId: part, isKit: true, parts: [(other, 1)]));
        Assert.Contains(Word.De("lendingAdmin.error.partCannotBeKit"), FormCards.Summary(refused), StringComparison.Ordinal);
        Assert.False((await ItemAsync(Bot, part)).IsKit);
    }

    [Fact]
    public async Task Create_DuplicateNameInOtherCase_MessageUnderNameValuesKeptNothingSaved()
    {
        var name = Unique("3D-Drucker");
        await LendingSeed.ItemAsync(Bot, name);
        var before = await Bot.WithDbAsync(db => db.LendingItems().CountAsync());

        var card = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name.ToUpperInvariant(), category: "3D-Druck"));

        Assert.Contains(Word.De("lendingAdmin.error.nameTaken"), FormCards.MessageUnder(card, "name"), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.error.nameTaken"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal(name.ToUpperInvariant(), FormCards.Input(card, "name")["value"]!.GetValue<string>());
        Assert.Equal(before, await Bot.WithDbAsync(db => db.LendingItems().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(AdminItemsData.InvalidFields), MemberType = typeof(AdminItemsData))]
    public async Task Create_InvalidField_MessageUnderItsFieldAndInSummaryValuesKeptNothingCreated(string field, string value, string message, string input)
    {
        var name = Unique("Abgelehnt");
        var form = ItemForm(name);
        form[field] = value == "long" ? new string('x', 121) : value;
        if (field == "isKit") form["isKit"] = "true"; // a kit with no part counted

        var card = await AdminAsync(Bot, "lendingAdmin.saveItem", form);

        if (input.Length > 0) Assert.Contains(message, FormCards.MessageUnder(card, input), StringComparison.Ordinal);
        Assert.Contains(message, FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal("lendingAdmin.saveItem", Actions(card)[0]["verb"]!.GetValue<string>());
        Assert.Equal("Für Workshops und Bürgerdialoge.", FormCards.Input(card, "description")["value"]!.GetValue<string>());
        var typed = form["name"]!.GetValue<string>();
        Assert.False(await Bot.WithDbAsync(db => db.LendingItems().AnyAsync(i => i.Name == typed)));
    }

    [Fact]
    public async Task Edit_Fields_SavedAndFormPrefilled()
    {
        var name = Unique("Roboter");
        var id = await LendingSeed.ItemAsync(Bot, name, 2, "Robotik");
        var tool = await TrainingSeed.ToolAsync(Bot, Unique("Robotik-Einweisung"));
        var form = ItemForm(name + " mini", category: "Robotik", quantity: "4", itemId: id);
        form["toolId"] = tool.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["maxDays"] = "5";
        form["maxPerPerson"] = "1";

        await AdminAsync(Bot, "lendingAdmin.saveItem", form);

        var item = await ItemAsync(Bot, id);
        Assert.Equal(name + " mini", item.Name);
        Assert.Equal(4, item.Quantity);
        Assert.Equal(tool, item.RequiredToolId);
        Assert.Equal(5, item.MaxDays);
        Assert.Equal(1, item.MaxPerPerson);
        var edit = await AdminAsync(Bot, "lendingAdmin.itemForm", new JsonObject { ["itemId"] = id });
        Assert.Equal(name + " mini", FormCards.Input(edit, "name")["value"]!.GetValue<string>());
        Assert.Equal(4, FormCards.Input(edit, "quantity")["value"]!.GetValue<int>());
        Assert.Equal(5, FormCards.Input(edit, "maxDays")["value"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_SameSubmitTwice_OneItem()
    {
        var name = Unique("Sensor-Set");
        var form = ItemForm(name, category: "Sensorik");

        await AdminAsync(Bot, "lendingAdmin.saveItem", form);
        var second = await AdminAsync(Bot, "lendingAdmin.saveItem", form);

        Assert.Contains(Word.De("lendingAdmin.done.created", name), Words(second), StringComparison.Ordinal);
        Assert.Equal(1, await Bot.WithDbAsync(db => db.LendingItems().CountAsync(i => i.Name == name)));
    }

    private static string FactValue(JsonObject? card, string title) =>
        card!["body"]!.AsArray().OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(o => o["facts"]!.AsArray().OfType<JsonObject>())
            .Single(f => f["title"]!.GetValue<string>() == title)["value"]!.GetValue<string>();
}

public static class AdminItemsData
{
    public static TheoryData<string, string, string, string> InvalidFields => new()
    {
        { "name", "", Word.De("lendingAdmin.error.nameMissing"), "name" },
        { "name", "long", Word.De("lendingAdmin.error.tooLong", Word.De("lendingAdmin.form.name"), 120), "name" },
        { "category", "", Word.De("lendingAdmin.error.categoryMissing"), "category" },
        { "category", "new", Word.De("lendingAdmin.error.newCategoryMissing"), "newCategory" },
        { "quantity", "0", Word.De("lendingAdmin.error.quantity", 500), "quantity" },
        { "quantity", "501", Word.De("lendingAdmin.error.quantity", 500), "quantity" },
        { "quantity", "2.5", Word.De("lendingAdmin.error.quantity", 500), "quantity" },
        { "maxDays", "400", Word.De("lendingAdmin.error.maxDays"), "maxDays" },
        { "maxPerPerson", "0", Word.De("lendingAdmin.error.maxPerPerson", 500), "maxPerPerson" },
        { "toolId", "999999", Word.De("lendingAdmin.error.toolUnknown"), "toolId" },
        { "photoUrl", "http://intranet.soest.de/vr.jpg", Word.De("lendingAdmin.error.photoUrl"), "photoUrl" },
        { "photoUrl", "javascript:alert(1)", Word.De("lendingAdmin.error.photoUrl"), "photoUrl" },
        { "isKit", "true", Word.De("lendingAdmin.error.kitWithoutParts"), "isKit" },
    };
}

public sealed class AdminItemsTests_Sqlite(LendingAdminSqliteBot bot) : AdminItemsTests<LendingAdminSqliteBot>(bot), IClassFixture<LendingAdminSqliteBot>;

public sealed class AdminItemsTests_Postgres(LendingAdminPostgresBot bot) : AdminItemsTests<LendingAdminPostgresBot>(bot), IClassFixture<LendingAdminPostgresBot>;
