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
/// Handover and return at the desk, through HTTP as Teams sends the clicks, on SQLite and PostgreSQL: the checklist,
/// the status, the borrower's message and receipt, a return with a missing part (block, summaries, the later
/// reservation told in start order, no new reservation into the block), and tampered or stale clicks.
/// </summary>
public abstract class DeskHandoverTests<TBot>(TBot fixture) : DeskTestBase<TBot>(fixture) where TBot : BotFixture
{
    /// <summary>A kit of two tablets and a headset per case, reserved by the person for today.</summary>
    private async Task<(long Reservation, long Kit, long Tablet, long Headset)> KitForTodayAsync(Persona p, int quantity = 1)
    {
        var tablet = await ItemAsync(Bot, Unique("Tablet"), quantity: 6, category: "Tablets");
        var headset = await ItemAsync(Bot, Unique("VR-Brille"), quantity: 3);
        var kit = await KitAsync(Bot, Unique("Mobiles stadtLABOR"), (tablet, 2), (headset, 1));
        var id = await ReservationAsync(Bot, kit, p, At(Today, 0, 30), At(Today.AddDays(3), 11), quantity: quantity);
        return (id, kit, tablet, headset);
    }

    private static JsonObject Counts(long reservationId, params (long ItemId, int Counted, int Damaged, string Note)[] lines)
    {
        var data = Reservation(reservationId);
        foreach (var (itemId, counted, damaged, note) in lines)
        {
            data[Checklist.CountId(itemId)] = counted.ToString(System.Globalization.CultureInfo.InvariantCulture);
            data[Checklist.DamagedId(itemId)] = damaged.ToString(System.Globalization.CultureInfo.InvariantCulture);
            data[Checklist.NoteId(itemId)] = note;
        }
        return data;
    }

    [Fact]
    public async Task Handover_KitTwiceSubmitted_LinesLentAndOneBorrowerMessageWithTheButton()
    {
        var erika = NewColleague();
        var (id, _, tablet, headset) = await KitForTodayAsync(erika, quantity: 2);

        var form = await AdminAsync("lendingAdmin.handoverForm", Reservation(id));
        Assert.Contains(Word.De("lendingDesk.check.expected", 4), Words(form), StringComparison.Ordinal);
        Assert.Contains(Checklist.CountId(tablet), FormCards.InputIds(form));
        var first = await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 4, 0, ""), (headset, 2, 0, "Kratzer am Gehäuse")));
        var second = await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 3, 0, ""), (headset, 1, 0, "")));

        var r = await ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Lent, r.Status);
        Assert.NotNull(r.LentAtUtc);
        Assert.Equal(LabTeam.AadObjectId, r.HandedOverByAadObjectId);
        var lines = await LinesAsync(id, CheckKind.Handover);
        Assert.Equal([(tablet, 4, 4), (headset, 2, 2)], lines.Select(l => (l.ItemId, l.Expected, l.Counted)).OrderBy(l => l.ItemId == headset));
        Assert.Equal("Kratzer am Gehäuse", lines.Single(l => l.ItemId == headset).Note);
        Assert.Contains(Word.De("lendingDesk.handover.recorded"), Words(first), StringComparison.Ordinal);
        Assert.DoesNotContain("lendingAdmin.handover", Verbs(second));
        Assert.Matches(Word.DePattern("lendingDesk.handover.already"), Words(second));

        var message = Assert.Single(await MessagesAsync(ReceiptCard.Key(id)));
        Assert.Equal(erika.AadObjectId, message.UserAadObjectId);
        var button = ActionFor(CardOf(message), "lending.confirmReceipt", id);
        Assert.NotNull(button);
        Assert.Contains("Kratzer am Gehäuse", Words(CardOf(message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmReceipt_SomeoneElseThenBorrowerTwice_OnlyTheBorrowerOnce()
    {
        var erika = NewColleague();
        var jonas = NewColleague();
        var (id, _, tablet, headset) = await KitForTodayAsync(erika);
        await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 2, 0, ""), (headset, 1, 0, "")));

        var foreign = await ClickAsync(jonas, "lending.confirmReceipt", Reservation(id));
        Assert.Contains(Word.De("lendingDesk.receipt.notYours"), Words(foreign), StringComparison.Ordinal);
        Assert.Null((await ReservationAsync(Bot, id)).ReceiptConfirmedAtUtc);

        var confirmed = await ClickAsync(erika, "lending.confirmReceipt", Reservation(id));
        var at = (await ReservationAsync(Bot, id)).ReceiptConfirmedAtUtc;
        Assert.NotNull(at);
        Assert.DoesNotContain("lending.confirmReceipt", Verbs(confirmed));
        await ClickAsync(erika, "lending.confirmReceipt", Reservation(id));
        Assert.Equal(at, (await ReservationAsync(Bot, id)).ReceiptConfirmedAtUtc);
        Assert.Matches(Word.DePattern("lendingDesk.handover.receiptConfirmed"), Words(await AdminAsync("lendingAdmin.handoverForm", Reservation(id))));
    }

    [Fact]
    public async Task Handover_RequestedCancelledOrUnknown_ClearAnswerAndNothingChanges()
    {
        var erika = NewColleague();
        var item = await ItemAsync(Bot, Unique("Roboter"));
        var requested = await ReservationAsync(Bot, item, erika, At(Today, 0, 30), At(Today.AddDays(1), 11), ReservationStatus.Requested);
        var cancelled = await ReservationAsync(Bot, item, erika, At(Today, 0, 30), At(Today.AddDays(1), 11), ReservationStatus.Cancelled);

        var a = await AdminAsync("lendingAdmin.handover", Counts(requested, (item, 1, 0, "")));
        var b = await AdminAsync("lendingAdmin.handover", Counts(cancelled, (item, 1, 0, "")));
        var c = await AdminAsync("lendingAdmin.handover", Counts(987_654_321, (item, 1, 0, "")));
        var d = await AdminAsync("lendingAdmin.return", Counts(requested, (item, 1, 0, "")));

        Assert.Contains(Word.De("lendingDesk.handover.notApproved"), Words(a), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.handover.notOpen", Word.De("lendingDesk.status.cancelled")), Words(b), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.badRequest"), Words(c), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingDesk.return.notLent", Word.De("lendingDesk.status.requested")), Words(d), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Requested, (await ReservationAsync(Bot, requested)).Status);
        Assert.Equal(ReservationStatus.Cancelled, (await ReservationAsync(Bot, cancelled)).Status);
        Assert.Empty(await LinesAsync(requested, CheckKind.Handover));
        Assert.Empty(await LinesAsync(requested, CheckKind.Return));
        Assert.Empty(await MessagesAsync(ReceiptCard.Key(requested)));
    }

    [Fact]
    public async Task Handover_CountAboveExpected_MessageUnderTheLineAndNothingChanges()
    {
        var erika = NewColleague();
        var (id, _, tablet, headset) = await KitForTodayAsync(erika);

        var refused = await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 5, 0, ""), (headset, 1, 0, "")));

        Assert.Contains(Word.De("lendingDesk.check.errorsSummary"), Words(refused), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(Bot, id)).Status);
        Assert.Empty(await LinesAsync(id, CheckKind.Handover));
    }

    [Fact]
    public async Task Return_Complete_ReturnedNoBlockAndTheBorrowerGetsTheSummary()
    {
        var erika = NewColleague();
        var (id, kit, tablet, headset) = await KitForTodayAsync(erika);
        await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 2, 0, ""), (headset, 1, 0, "")));

        var form = await AdminAsync("lendingAdmin.returnForm", Reservation(id));
        Assert.Contains(Checklist.DamagedId(tablet), FormCards.InputIds(form));
        await AdminAsync("lendingAdmin.return", Counts(id, (tablet, 2, 0, ""), (headset, 1, 0, "")));
        await AdminAsync("lendingAdmin.return", Counts(id, (tablet, 0, 0, ""), (headset, 0, 0, "")));

        var r = await ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Returned, r.Status);
        Assert.NotNull(r.ReturnedAtUtc);
        Assert.Equal(LabTeam.AadObjectId, r.ReceivedBackByAadObjectId);
        Assert.Equal(2, (await LinesAsync(id, CheckKind.Return)).Count(l => !l.IsShort));
        foreach (var item in new[] { kit, tablet, headset }) Assert.Empty(await BlocksAsync(item));
        var summary = Assert.Single(await MessagesAsync(ReturnSummary.BorrowerKey(id)));
        Assert.Contains(Word.De("lendingDesk.returnSummary.complete"), Words(CardOf(summary)), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(ReturnSummary.LabTeamKeyPrefix(id)));
    }

    [Fact]
    public async Task Return_MissingHeadset_BlockSummariesOnlyTheLatestLaterReservationToldAndNoReservationIntoTheBlock()
    {
        await EnsureLabTeamChatAsync();
        var erika = NewColleague();
        var category = Unique("VR-Test");
        var headsets = await ItemAsync(Bot, Unique("VR-Brille"), quantity: 3, category: category);
        var alternative = await ItemAsync(Bot, Unique("AR-Brille"), quantity: 2, category: category);
        var id = await ReservationAsync(Bot, headsets, erika, At(Today, 0, 30), At(Today.AddDays(1), 11), quantity: 2);
        await AdminAsync("lendingAdmin.handover", Counts(id, (headsets, 2, 0, "")));
        var day = DayOf(WorkingDayUtc(5));
        var (ben, carla, dora) = (NewColleague(), NewColleague(), NewColleague());
        var first = await ReservationAsync(Bot, headsets, ben, At(day, 9), At(day, 12));
        var second = await ReservationAsync(Bot, headsets, carla, At(day, 9, 30), At(day, 12));
        var last = await ReservationAsync(Bot, headsets, dora, At(day, 10), At(day, 12));

        var done = await AdminAsync("lendingAdmin.return", Counts(id, (headsets, 1, 0, "Eine Brille fehlt")));

        Assert.Contains(Word.De("lendingDesk.return.doneShort", 1, 1), Words(done), StringComparison.Ordinal);
        var block = Assert.Single(await BlocksAsync(headsets));
        Assert.Equal((1, MaintenanceReason.MissingPart, (long?)id, (DateTime?)null), (block.Quantity, block.Reason, block.ReservationId, block.EndsAtUtc));
        Assert.Single(await MessagesAsync(ReturnSummary.BorrowerKey(id)));
        var labSummary = Assert.Single(await MessagesAsync(ReturnSummary.LabTeamKeyPrefix(id) + ":"));
        Assert.Equal(LabTeam.AadObjectId, labSummary.UserAadObjectId);
        Assert.Contains(dora.Name, Words(CardOf(labSummary)), StringComparison.Ordinal);
        foreach (var kept in new[] { first, second }) Assert.Empty(await MessagesAsync(ServeCheck.Key(kept, "return" + id)));
        var told = Assert.Single(await MessagesAsync(ServeCheck.Key(last, "return" + id)));
        Assert.Equal(dora.AadObjectId, told.UserAadObjectId);
        Assert.Contains("lending.item", Verbs(CardOf(told)));
        Assert.Equal(alternative.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Infrastructure.Cards.Actions(CardOf(told)).Single(a => a["verb"]!.GetValue<string>() == "lending.item")["data"]!["itemId"]!.ToString());
        // Kept, not cancelled: the lab team decides with the person.
        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(Bot, last)).Status);

        // Another day: the block still takes one of the three, so nobody can reserve all three.
        var later = DayOf(WorkingDayUtc(8));
        Assert.Equal(2, await FreeAsync(headsets, At(later, 9), At(later, 12)));
    }

    [Fact]
    public async Task Return_KitWithATabletMissing_TheTabletIsBlockedNotTheKitAndTheNextKitReservationIsTold()
    {
        var erika = NewColleague();
        var ben = NewColleague();
        var tablet = await ItemAsync(Bot, Unique("Tablet"), quantity: 2, category: Unique("Tablets"));
        var headset = await ItemAsync(Bot, Unique("VR-Brille"), quantity: 1);
        var kit = await KitAsync(Bot, Unique("Mobiles stadtLABOR"), (tablet, 2), (headset, 1));
        var id = await ReservationAsync(Bot, kit, erika, At(Today, 0, 30), At(Today.AddDays(1), 11));
        await AdminAsync("lendingAdmin.handover", Counts(id, (tablet, 2, 0, ""), (headset, 1, 0, "")));
        var day = DayOf(WorkingDayUtc(5));
        var next = await ReservationAsync(Bot, kit, ben, At(day, 9), At(day, 12));

        await AdminAsync("lendingAdmin.return", Counts(id, (tablet, 1, 0, "Tablet fehlt"), (headset, 1, 1, "Riss im Glas")));

        Assert.Empty(await BlocksAsync(kit));
        Assert.Equal((1, MaintenanceReason.MissingPart), (Assert.Single(await BlocksAsync(tablet)).Quantity, (await BlocksAsync(tablet))[0].Reason));
        Assert.Equal((1, MaintenanceReason.Damaged), (Assert.Single(await BlocksAsync(headset)).Quantity, (await BlocksAsync(headset))[0].Reason));
        Assert.Equal(0, await FreeAsync(kit, At(day, 13), At(day, 15)));
        Assert.Single(await MessagesAsync(ServeCheck.Key(next, "return" + id)));
        var summary = CardOf(Assert.Single(await MessagesAsync(ReturnSummary.BorrowerKey(id))));
        Assert.Contains(Word.De("lendingDesk.returnSummary.short"), Words(summary), StringComparison.Ordinal);
        Assert.Contains("Riss im Glas", Words(summary), StringComparison.Ordinal);
    }
}

public sealed class DeskHandoverTests_Sqlite(DeskSqliteBot bot) : DeskHandoverTests<DeskSqliteBot>(bot), IClassFixture<DeskSqliteBot>;

public sealed class DeskHandoverTests_Postgres(DeskPostgresBot bot) : DeskHandoverTests<DeskPostgresBot>(bot), IClassFixture<DeskPostgresBot>;
