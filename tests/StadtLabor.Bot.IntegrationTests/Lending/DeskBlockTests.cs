using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Maintenance blocks at the desk, on SQLite and PostgreSQL: the form asks before it hits reservations and then tells
/// those affected, a double submit writes one block, clearing frees the units; and every desk verb of the lab team
/// is refused to staff without any change.
/// </summary>
public abstract class DeskBlockTests<TBot>(TBot fixture) : DeskTestBase<TBot>(fixture) where TBot : BotFixture
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject BlockData(long itemId, DateOnly from, DateOnly? to, string reason = "repair", int quantity = 1, bool confirmed = false)
    {
        var data = new JsonObject
        {
            ["itemId"] = itemId.ToString(CultureInfo.InvariantCulture),
            ["quantity"] = quantity.ToString(CultureInfo.InvariantCulture),
            ["fromDate"] = Iso(from),
            ["toDate"] = to is { } t ? Iso(t) : "",
            ["reason"] = reason,
            ["note"] = "Akku tauschen",
        };
        if (confirmed) data["confirmed"] = true;
        return data;
    }

    [Fact]
    public async Task Block_HitsAReservation_AsksFirstThenBlocksOnceAndTellsThePerson()
    {
        var erika = NewColleague();
        var printer = await ItemAsync(Bot, Unique("3D-Drucker"), category: Unique("3D"));
        var day = DayOf(WorkingDayUtc(6));
        var id = await ReservationAsync(Bot, printer, erika, At(day, 9), At(day, 12));

        var asked = await AdminAsync("lendingAdmin.block", BlockData(printer, day, day));

        Assert.Contains(Word.De("lendingDesk.blockForm.question", 1), Words(asked), StringComparison.Ordinal);
        Assert.Contains(erika.Name, Words(asked), StringComparison.Ordinal);
        Assert.Contains(Infrastructure.Cards.Actions(asked), a => a["verb"]!.GetValue<string>() == "lendingAdmin.block" && a["data"]?["confirmed"]?.GetValue<bool>() == true);
        Assert.Empty(await BlocksAsync(printer));
        Assert.Equal(1, await FreeAsync(printer, At(day, 13), At(day, 15)));

        var done = await AdminAsync("lendingAdmin.block", BlockData(printer, day, day, confirmed: true));
        await AdminAsync("lendingAdmin.block", BlockData(printer, day, day, confirmed: true));

        var block = Assert.Single(await BlocksAsync(printer));
        Assert.Equal((MaintenanceReason.Repair, "Akku tauschen", LabTeam.AadObjectId), (block.Reason, block.Note, block.CreatedByAadObjectId));
        Assert.Contains("lendingAdmin.clearBlock", Verbs(done));
        Assert.Equal(0, await FreeAsync(printer, At(day, 13), At(day, 15)));
        Assert.Equal(1, await FreeAsync(printer, At(day.AddDays(1), 9), At(day.AddDays(1), 12)));
        var told = Assert.Single(await MessagesAsync(ServeCheck.Key(id, "block" + block.Id)));
        Assert.Equal(erika.AadObjectId, told.UserAadObjectId);
        Assert.Contains(Word.De("lendingDesk.cannotServe.noAlternatives"), Words(CardOf(told)), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(Bot, id)).Status);
    }

    [Fact]
    public async Task Block_NoReservationHit_WrittenAtOnceAndClearingFreesTheUnits()
    {
        var headsets = await ItemAsync(Bot, Unique("VR-Brille"), quantity: 4);
        var day = DayOf(WorkingDayUtc(9));

        var listed = await AdminAsync("lendingAdmin.block", BlockData(headsets, day, null, "cleaning", quantity: 3));

        var block = Assert.Single(await BlocksAsync(headsets));
        Assert.Null(block.EndsAtUtc);
        Assert.Equal(1, await FreeAsync(headsets, At(day.AddDays(30), 9), At(day.AddDays(30), 12)));
        var clear = Infrastructure.Cards.Actions(listed).Single(a => a["verb"]!.GetValue<string>() == "lendingAdmin.clearBlock" && a["data"]!["blockId"]!.ToString() == block.Id.ToString(CultureInfo.InvariantCulture));

        await AdminAsync("lendingAdmin.clearBlock", clear["data"]!.AsObject().DeepClone().AsObject());
        var again = await AdminAsync("lendingAdmin.clearBlock", new JsonObject { ["blockId"] = block.Id });

        var cleared = Assert.Single(await BlocksAsync(headsets));
        Assert.NotNull(cleared.ClearedAtUtc);
        Assert.Equal(LabTeam.AadObjectId, cleared.ClearedByAadObjectId);
        Assert.Equal(4, await FreeAsync(headsets, At(day.AddDays(30), 9), At(day.AddDays(30), 12)));
        Assert.Contains(Word.De("lendingDesk.blocks.alreadyCleared"), Words(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_WrongFields_MessagesUnderTheFieldsAndNoBlock()
    {
        var robot = await ItemAsync(Bot, Unique("Roboter"), quantity: 2);

        var refused = await AdminAsync("lendingAdmin.block", BlockData(robot, Today.AddDays(-1), Today.AddDays(-2), "holiday", quantity: 3));
        var unknown = await AdminAsync("lendingAdmin.block", BlockData(987_654_321, Today, null));

        Assert.Contains(Word.De("lendingDesk.blockForm.error.quantity", 2), FormCards.MessageUnder(refused, "quantity"), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.blockForm.error.from"), FormCards.MessageUnder(refused, "fromDate"), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.blockForm.error.reason"), FormCards.MessageUnder(refused, "reason"), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.blockForm.error.item"), FormCards.MessageUnder(unknown, "itemId"), StringComparison.Ordinal);
        Assert.Empty(await BlocksAsync(robot));
        Assert.Contains(Word.De("lendingDesk.badRequest"), Words(await AdminAsync("lendingAdmin.clearBlock", new JsonObject { ["blockId"] = 987_654_321 })), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeskVerbs_StaffClicks_DeniedAndNothingChanges()
    {
        var erika = NewColleague();
        var item = await ItemAsync(Bot, Unique("Sensor-Kit"), quantity: 2);
        var confirmed = await ReservationAsync(Bot, item, erika, At(Today, 0, 30), At(Today.AddDays(1), 11));
        var lent = await ReservationAsync(Bot, item, erika, At(Today, 0, 30), At(Today.AddDays(1), 11), ReservationStatus.Lent);
        var blockId = await Bot.WithDbAsync(async db =>
        {
            var b = new MaintenanceBlock { ItemId = item, Quantity = 1, StartsAtUtc = At(Today.AddDays(20), 0), Reason = MaintenanceReason.Repair, CreatedAtUtc = DateTime.UtcNow };
            db.MaintenanceBlocks().Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        var data = new JsonObject
        {
            ["reservationId"] = confirmed,
            ["blockId"] = blockId,
            [Checklist.CountId(item)] = "1",
            ["itemId"] = item.ToString(CultureInfo.InvariantCulture),
            ["quantity"] = "1",
            ["fromDate"] = Iso(Today.AddDays(2)),
            ["reason"] = "repair",
            ["confirmed"] = true,
        };
        string[] verbs = ["lendingAdmin.today", "lendingAdmin.handoverForm", "lendingAdmin.handover", "lendingAdmin.returnForm", "lendingAdmin.return",
            "lendingAdmin.blocks", "lendingAdmin.blockForm", "lendingAdmin.block", "lendingAdmin.clearBlock"];

        foreach (var verb in verbs)
        {
            var card = await ClickAsync(erika, verb, data.DeepClone().AsObject());
            Assert.Contains(Word.De("denied.title"), Words(card), StringComparison.Ordinal);
        }
        var returnData = data.DeepClone().AsObject();
        returnData["reservationId"] = lent;
        Assert.Contains(Word.De("denied.title"), Words(await ClickAsync(erika, "lendingAdmin.return", returnData)), StringComparison.Ordinal);

        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(Bot, confirmed)).Status);
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(Bot, lent)).Status);
        Assert.Empty(await LinesAsync(confirmed, CheckKind.Handover));
        var blocks = await BlocksAsync(item);
        Assert.Equal(blockId, Assert.Single(blocks).Id);
        Assert.Null(blocks[0].ClearedAtUtc);
    }
}

public sealed class DeskBlockTests_Sqlite(DeskSqliteBot bot) : DeskBlockTests<DeskSqliteBot>(bot), IClassFixture<DeskSqliteBot>;

public sealed class DeskBlockTests_Postgres(DeskPostgresBot bot) : DeskBlockTests<DeskPostgresBot>(bot), IClassFixture<DeskPostgresBot>;
