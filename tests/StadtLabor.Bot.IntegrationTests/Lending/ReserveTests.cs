using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Reservations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Reserving, changing, cancelling and extending through HTTP on SQLite and PostgreSQL: Erika from the Ordnungsamt
/// borrows VR headsets for a workshop; the lab team's channel hears of requests that need approval. Every change
/// leaves exactly one receipt; a repeated click changes nothing; someone else's reservation id changes nothing.
/// </summary>
public abstract class ReserveTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    // Each test gets its own Erika (from the Ordnungsamt) and Jonas: the per-person limits must not carry over between tests.
    private static int _next = 9410;
    private readonly Persona Erika = Next();
    private readonly Persona Jonas = Next();

    private static Persona Next()
    {
        var n = Interlocked.Increment(ref _next);
        return new Persona($"29:erika-{n}", $"b1c2d3e4-0000-4000-8000-00000000{n:D4}", $"Mustermann, Erika {n}");
    }

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data?.DeepClone().AsObject());

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    internal static JsonObject Fields(DateTime fromUtc, DateTime toUtc, long itemId = 0, object? quantity = null, string purpose = "Workshop im Bürgerbüro",
        string place = "stadtLABOR im Rathaus")
    {
        var data = new JsonObject { ["purpose"] = purpose, ["place"] = place };
        if (itemId > 0) data["itemId"] = itemId;
        data["quantity"] = quantity switch { null => "1", string s => s, int n => n.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => "" };
        new LendingRange(fromUtc, toUtc).WriteTo(data);
        return data;
    }

    private static DateTime Pickup => LendingSeed.WorkingDayUtc(3, 10);
    private static DateTime Return => LendingSeed.WorkingDayUtc(4, 10);

    private Task<List<LendingReservation>> ReservationsAsync(long itemId) => Bot.WithDbAsync(db =>
        db.LendingReservations().AsNoTracking().Where(r => r.ItemId == itemId).OrderBy(r => r.Id).ToListAsync());

    private Task<List<OutboxMessage>> OutboxAsync(string keyPrefix) => Bot.WithDbAsync(db =>
        db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    private Task<int> OutboxCountAsync() => Bot.WithDbAsync(db => db.OutboxMessages().CountAsync());

    private Task<string> RowAsync(long reservationId) => Bot.WithDbAsync(async db =>
        JsonSerializer.Serialize(await db.LendingReservations().AsNoTracking().SingleAsync(r => r.Id == reservationId)));

    private static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    private static JsonObject Id(long reservationId, bool confirmed = false)
    {
        var data = new JsonObject { ["reservationId"] = reservationId };
        if (confirmed) data["confirmed"] = true;
        return data;
    }

    [Fact]
    public async Task Reserve_FreeItem_ConfirmedCardInPlaceAndOneReceipt()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);

        var card = await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, item, 2));

        var r = Assert.Single(await ReservationsAsync(item));
        Assert.Equal(ReservationStatus.Confirmed, r.Status);
        Assert.Equal((2, Pickup, Return), (r.Quantity, r.StartsAtUtc, r.EndsAtUtc));
        Assert.Equal((Erika.AadObjectId, Erika.Name, BotFixture.TenantId), (r.UserAadObjectId, r.UserName, r.TenantId));
        Assert.Equal(("Workshop im Bürgerbüro", "stadtLABOR im Rathaus"), (r.Purpose, r.PickupPlace));
        var words = Words(card);
        Assert.Contains(Word.De("lendingReserve.done.reserved"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.status.confirmed"), words, StringComparison.Ordinal);
        Assert.Contains("lending.changeForm", Verbs(card));
        Assert.Contains("lending.cancel", Verbs(card));
        var receipt = Assert.Single(await OutboxAsync($"lending.receipt:{r.Id}:"));
        Assert.Equal(ReservationReceipts.Key(r, ReceiptKind.Reserved), receipt.DedupeKey);
        Assert.Equal("user:" + Erika.AadObjectId, receipt.ConversationKey);
        var what = Word.De("lendingReserve.itemCount", await ItemNameAsync(item), 2);
        Assert.Contains(Word.De("lendingReserve.receipt.line", Word.De("lendingReserve.receipt.reserved"), what), Words(CardOf(receipt)), StringComparison.Ordinal);
    }

    private Task<string> ItemNameAsync(long itemId) => Bot.WithDbAsync(db => db.LendingItems().Where(i => i.Id == itemId).Select(i => i.Name).SingleAsync());

    [Fact]
    public async Task Reserve_ItemNeedsApproval_RequestedSaidAndLabTeamChannelToldOnce()
    {
        var added = BotAdded(Bot, LabTeam, LabChannelBots.Channel, "channel");
        added["channelData"]!["team"] = new JsonObject { ["id"] = LabChannelBots.Channel, ["name"] = "stadtLABOR" };
        using (var response = await Bot.PostAsync(added)) Assert.True(response.IsSuccessStatusCode);
        var item = await LendingSeed.ItemAsync(Bot, Unique("3D-Drucker"), adjust: i => i.NeedsApproval = true);

        var card = await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, item));
        await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, item)); // redelivered

        var r = Assert.Single(await ReservationsAsync(item));
        Assert.Equal(ReservationStatus.Requested, r.Status);
        Assert.Contains(Word.De("lendingReserve.done.requested"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.status.requested"), Words(card), StringComparison.Ordinal);
        Assert.Equal(ReservationReceipts.Key(r, ReceiptKind.Requested), Assert.Single(await OutboxAsync($"lending.receipt:{r.Id}:")).DedupeKey);
        var notice = Assert.Single(await OutboxAsync($"lending.request:{r.Id}:"));
        Assert.Equal(LabChannelBots.Channel, notice.ConversationId);
        Assert.Contains(Erika.Name, Words(CardOf(notice)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_SameClickThreeTimes_OneReservationOneReceipt()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var click = Execute(Bot, Erika, "lending.reserve", Fields(Pickup, Return, item), conversationId: TrainingSeed.Chat(Erika)).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Bot.InvokeAsync(JsonNode.Parse(click)!.AsObject())));
        var later = await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, item));

        var r = Assert.Single(await ReservationsAsync(item));
        Assert.Single(await OutboxAsync($"lending.receipt:{r.Id}:"));
        Assert.All(answers.Select(TrainingSeed.Card).Append(later), c => Assert.Contains(Word.De("lendingReserve.status.confirmed"), Words(c), StringComparison.Ordinal));
        Assert.Contains(Word.De("lendingReserve.done.already"), Words(later), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_PickupOnSaturday_FormAgainWithInputKeptAndTheRuleInWords()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var saturday = today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7 + 7);
        var from = StadtLabor.Bot.Features.Trainings.TrainingTime.ToUtc(saturday.ToDateTime(new TimeOnly(10, 0)));
        var outbox = await OutboxCountAsync();

        var form = await ClickAsync(Erika, "lending.reserve", Fields(from, LendingSeed.WorkingDayUtc(8, 10), item, 2, purpose: "Tag der offenen Tür"));

        Assert.Empty(await ReservationsAsync(item));
        Assert.Equal(outbox, await OutboxCountAsync());
        var rule = Word.De("lendingRules.pickupDay", StadtLabor.Bot.Cards.Wording.Day("de", saturday));
        Assert.Contains(rule, FormCards.MessageUnder(form, LendingRange.FromDate) + FormCards.MessageUnder(form, LendingRange.FromTime)
            + Words(form), StringComparison.Ordinal);
        Assert.Contains(rule, FormCards.Summary(form), StringComparison.Ordinal);
        Assert.Equal("Tag der offenen Tür", FormCards.Input(form, "purpose")["value"]!.GetValue<string>());
        Assert.Equal(saturday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), FormCards.Input(form, LendingRange.FromDate)["value"]!.GetValue<string>());
        Assert.Equal(2, FormCards.Input(form, "quantity")["value"]!.GetValue<int>());
        Assert.Contains("lending.reserve", Verbs(form));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("7")]
    public async Task Reserve_QuantityTampered_NothingReservedAndSaid(string quantity)
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);

        var form = await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, item, quantity));

        Assert.Empty(await ReservationsAsync(item));
        Assert.Contains(Word.De("lendingRules.quantity", 6), FormCards.MessageUnder(form, "quantity"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_UnknownItem_SaidAndNothingWritten()
    {
        var outbox = await OutboxCountAsync();
        var card = await ClickAsync(Erika, "lending.reserve", Fields(Pickup, Return, 987_654_321));
        Assert.Contains(Word.De("lendingReserve.refuse.unknownItem"), Words(card), StringComparison.Ordinal);
        Assert.Equal(0, await Bot.WithDbAsync(db => db.LendingReservations().CountAsync(r => r.ItemId == 987_654_321)));
        Assert.Equal(outbox, await OutboxCountAsync());
    }

    [Fact]
    public async Task ReserveForm_Item_PrefilledWithAnOpenDayAndShowsWhatItNeeds()
    {
        var tool = await TrainingSeed.ToolAsync(Bot, "3D-Druck");
        var item = await LendingSeed.ItemAsync(Bot, Unique("3D-Drucker"), adjust: i => { i.NeedsApproval = true; i.RequiredToolId = tool; });

        var form = await ClickAsync(Erika, "lending.reserveForm", new JsonObject { ["itemId"] = item });

        Assert.Contains(Word.De("lendingReserve.form.needsApproval"), Words(form), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.form.needsTraining", "3D-Druck"), Words(form), StringComparison.Ordinal);
        var fields = new JsonObject();
        foreach (var id in new[] { LendingRange.FromDate, LendingRange.FromTime, LendingRange.ToDate, LendingRange.ToTime })
            fields[id] = FormCards.Input(form, id)["value"]!.GetValue<string>();
        Assert.True(LendingRange.TryRead(fields, out var range));
        Assert.True(range.FromUtc >= DateTime.UtcNow.AddHours(24));
        Assert.True(StadtLabor.Bot.Features.Lending.ReservationRules.IsOpenDay(range.FromBerlin, new LendingOptions()));
        Assert.True(StadtLabor.Bot.Features.Lending.ReservationRules.IsOpenDay(range.ToBerlin, new LendingOptions()));
        Assert.Equal(["quantity", "fromDate", "fromTime", "toDate", "toTime", "purpose", "place"], FormCards.InputIds(form));
    }

    [Fact]
    public async Task Change_OwnReservation_DatesMoveVersionBumpsOneReceiptEach()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, Pickup, Return);
        var newReturn = LendingSeed.WorkingDayUtc(5, 11);

        var form = await ClickAsync(Erika, "lending.changeForm", Id(id));
        Assert.Equal(["fromDate", "fromTime", "toDate", "toTime"], FormCards.InputIds(form));
        var data = Fields(Pickup, newReturn);
        data["reservationId"] = id;
        var card = await ClickAsync(Erika, "lending.change", data);
        var again = await ClickAsync(Erika, "lending.change", data);

        var r = await LendingSeed.ReservationAsync(Bot, id);
        Assert.Equal((Pickup, newReturn, 1), (r.StartsAtUtc, r.EndsAtUtc, r.ScheduleVersion));
        Assert.Contains(Word.De("lendingReserve.done.changed"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.done.unchanged"), Words(again), StringComparison.Ordinal);
        var receipt = Assert.Single(await OutboxAsync($"lending.receipt:{id}:"));
        Assert.Equal($"lending.receipt:{id}:Changed:1", receipt.DedupeKey);
    }

    [Fact]
    public async Task Change_IntoAnotherPersonsRange_NotFreeAndNothingMoves()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 1);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, Pickup, Return);
        await LendingSeed.ReservationAsync(Bot, item, Jonas, LendingSeed.WorkingDayUtc(5, 10), LendingSeed.WorkingDayUtc(6, 10));
        var before = await RowAsync(id);
        var data = Fields(Pickup, LendingSeed.WorkingDayUtc(5, 11));
        data["reservationId"] = id;

        var form = await ClickAsync(Erika, "lending.change", data);

        Assert.Contains(Word.De("lendingRules.notFree", 0, 1), FormCards.Summary(form), StringComparison.Ordinal);
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Tampering_SomeoneElsesReservation_ChangeCancelExtendRefusedAndNothingChanges()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var mine = await LendingSeed.ReservationAsync(Bot, item, Erika, Pickup, Return);
        var lent = await LendingSeed.ReservationAsync(Bot, item, Erika, DateTime.UtcNow.AddDays(-1), LendingSeed.WorkingDayUtc(2, 10), ReservationStatus.Lent);
        var before = await RowAsync(mine) + await RowAsync(lent);
        var outbox = await OutboxCountAsync();
        var change = Fields(Pickup, LendingSeed.WorkingDayUtc(5, 10));
        change["reservationId"] = mine;
        var extend = new JsonObject { ["reservationId"] = lent };
        new LendingRange(Pickup, LendingSeed.WorkingDayUtc(3, 11)).WriteTo(extend);

        var answers = new[]
        {
            await ClickAsync(Jonas, "lending.changeForm", Id(mine)),
            await ClickAsync(Jonas, "lending.change", change),
            await ClickAsync(Jonas, "lending.cancel", Id(mine)),
            await ClickAsync(Jonas, "lending.cancel", Id(mine, confirmed: true)),
            await ClickAsync(Jonas, "lending.extend", extend),
        };

        Assert.All(answers, a => Assert.Contains(Word.De("lendingReserve.refuse.notYours"), Words(a), StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain(Erika.Name, Words(a), StringComparison.Ordinal));
        Assert.Equal(before, await RowAsync(mine) + await RowAsync(lent));
        Assert.Equal(outbox, await OutboxCountAsync());
        var unknown = await ClickAsync(Jonas, "lending.cancel", Id(987_654_321, confirmed: true));
        Assert.Contains(Word.De("lendingReserve.refuse.unknownReservation"), Words(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_AsksFirstWithSafeWayFirst_ThenCancelsOnceOnDoubleClick()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, Pickup, Return);
        var before = await RowAsync(id);

        var question = await ClickAsync(Erika, "lending.cancel", Id(id));

        Assert.Equal(before, await RowAsync(id));
        var actions = Actions(question);
        Assert.Equal("lending.mine", actions[0]["verb"]!.GetValue<string>());
        Assert.StartsWith(Word.De("lendingReserve.confirm.no", "").TrimEnd(), actions[0]["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(actions[0]["style"]);
        Assert.Equal("lending.cancel", actions[1]["verb"]!.GetValue<string>());
        Assert.Equal("destructive", actions[1]["style"]!.GetValue<string>());
        Assert.True(actions[1]["data"]!["confirmed"]!.GetValue<bool>());

        var click = Execute(Bot, Erika, "lending.cancel", Id(id, confirmed: true), conversationId: TrainingSeed.Chat(Erika)).ToJsonString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Bot.InvokeAsync(JsonNode.Parse(click)!.AsObject())));

        Assert.Equal(ReservationStatus.Cancelled, (await LendingSeed.ReservationAsync(Bot, id)).Status);
        Assert.Single(await OutboxAsync($"lending.receipt:{id}:Cancelled:"));
        Assert.All(answers.Select(TrainingSeed.Card), c => Assert.Contains(Word.De("lendingReserve.status.cancelled"), Words(c), StringComparison.Ordinal));
        Assert.DoesNotContain("lending.cancel", Verbs(TrainingSeed.Card(answers[0])));
    }

    [Fact]
    public async Task Cancel_AfterPickup_RefusedAndNothingChanges()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, DateTime.UtcNow.AddDays(-1), Return, ReservationStatus.Lent);

        var card = await ClickAsync(Erika, "lending.cancel", Id(id, confirmed: true));

        Assert.Contains(Word.De("lendingReserve.refuse.notBeforePickup"), Words(card), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Lent, (await LendingSeed.ReservationAsync(Bot, id)).Status);
    }

    [Fact]
    public async Task Extend_WhileLent_UpToTheNextReservationOnly()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 1);
        var due = LendingSeed.WorkingDayUtc(2, 10);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, DateTime.UtcNow.AddDays(-1), due, ReservationStatus.Lent);
        await LendingSeed.ReservationAsync(Bot, item, Jonas, LendingSeed.WorkingDayUtc(4, 10), LendingSeed.WorkingDayUtc(5, 10));

        var form = await ClickAsync(Erika, "lending.extend", Id(id));
        Assert.Equal(["toDate", "toTime"], FormCards.InputIds(form));

        var tooLong = Id(id);
        new LendingRange(due, LendingSeed.WorkingDayUtc(4, 11)).WriteTo(tooLong);
        var refused = await ClickAsync(Erika, "lending.extend", tooLong);
        Assert.Contains(Word.De("lendingRules.notFree", 0, 1), FormCards.Summary(refused), StringComparison.Ordinal);
        Assert.Equal(due, (await LendingSeed.ReservationAsync(Bot, id)).EndsAtUtc);

        var fits = Id(id);
        var newDue = LendingSeed.WorkingDayUtc(4, 10); // the next pickup is at 10:00: the unit comes back just in time
        new LendingRange(due, newDue).WriteTo(fits);
        var card = await ClickAsync(Erika, "lending.extend", fits);
        await ClickAsync(Erika, "lending.extend", fits);

        var r = await LendingSeed.ReservationAsync(Bot, id);
        Assert.Equal((newDue, 1), (r.EndsAtUtc, r.ScheduleVersion));
        Assert.Contains(Word.De("lendingReserve.done.extended", StadtLabor.Bot.Cards.Wording.Moment("de", newDue)), Words(card), StringComparison.Ordinal);
        Assert.Equal($"lending.receipt:{id}:Extended:1", Assert.Single(await OutboxAsync($"lending.receipt:{id}:")).DedupeKey);
    }

    [Fact]
    public async Task Extend_NotLentYet_RefusedAndNothingChanges()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var id = await LendingSeed.ReservationAsync(Bot, item, Erika, Pickup, Return);
        var data = Id(id);
        new LendingRange(Pickup, LendingSeed.WorkingDayUtc(5, 10)).WriteTo(data);

        var card = await ClickAsync(Erika, "lending.extend", data);

        Assert.Contains(Word.De("lendingReserve.refuse.notLent"), Words(card), StringComparison.Ordinal);
        Assert.Equal(Return, (await LendingSeed.ReservationAsync(Bot, id)).EndsAtUtc);
    }

    [Fact]
    public async Task Mine_LoansAndReservations_WithDueDatesOverdueAndTheirActions()
    {
        var mia = TrainingSeed.Colleague(9403);
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        var overdue = await LendingSeed.ReservationAsync(Bot, item, mia, DateTime.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(-1), ReservationStatus.Lent);
        var reserved = await LendingSeed.ReservationAsync(Bot, item, mia, Pickup, Return);
        await LendingSeed.ReservationAsync(Bot, item, mia, Pickup, Return, ReservationStatus.Cancelled);

        var card = await ClickAsync(mia, "lending.mine");

        var words = Words(card);
        Assert.Contains(Word.De("lendingReserve.mine.lent"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.mine.reservations"), words, StringComparison.Ordinal);
        Assert.Matches(Word.DePattern("lendingReserve.status.overdue"), words);
        Assert.Contains(Word.De("lendingReserve.status.confirmed"), words, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("lendingReserve.status.cancelled"), words, StringComparison.Ordinal);
        var actions = Actions(card).Where(a => a["data"]?["reservationId"] is not null)
            .Select(a => (a["verb"]!.GetValue<string>(), a["data"]!["reservationId"]!.GetValue<long>())).ToList();
        Assert.Equal([("lending.extend", overdue), ("lending.changeForm", reserved), ("lending.cancel", reserved)], actions);

        var message = Message(Bot, mia, "meine ausleihen", TrainingSeed.Chat(mia));
        using var typed = await Bot.PostAsync(message);
        Assert.True(typed.IsSuccessStatusCode);
        var reply = await Bot.Connector.WaitForReplyToAsync(TrainingSeed.Chat(mia), message["id"]!.GetValue<string>());
        Assert.Contains(Word.De("lendingReserve.mine.title"), Words(CardIn(reply)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyItems_PersonWithLoans_SectionWithCountsAndButtonToMyLoans()
    {
        var noah = TrainingSeed.Colleague(9404);
        var item = await LendingSeed.ItemAsync(Bot, Unique("VR-Brille"), quantity: 6);
        await LendingSeed.ReservationAsync(Bot, item, noah, DateTime.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(-1), ReservationStatus.Lent);
        await LendingSeed.ReservationAsync(Bot, item, noah, Pickup, Return);
        await LendingSeed.ReservationAsync(Bot, item, noah, Pickup, Return, ReservationStatus.Requested);

        var card = await ClickAsync(noah, "myitems.show");
        var nobody = await ClickAsync(TrainingSeed.Colleague(9405), "myitems.show");

        var words = Words(card);
        Assert.Contains(Word.De("lendingReserve.section.heading"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.section.reservations.other", 2), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.section.lent.one", 1), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReserve.section.overdue", 1), words, StringComparison.Ordinal);
        Assert.Contains("lending.mine", Verbs(card));
        Assert.DoesNotContain("lending.mine", Verbs(nobody));
    }
}

/// <summary>The lab team's channel for lending configured (Lending:LabTeamConversationId).</summary>
public abstract class LabChannelBots : BotFixture
{
    public const string Channel = "19:stadtlabor-ausleihe@thread.tacv2";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Lending:LabTeamConversationId"] = Channel,
    };
}

public sealed class LendingSqliteBot : LabChannelBots
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LendingPostgresBot : LabChannelBots
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class ReserveTests_Sqlite(LendingSqliteBot bot) : ReserveTests<LendingSqliteBot>(bot), IClassFixture<LendingSqliteBot>;

public sealed class ReserveTests_Postgres(LendingPostgresBot bot) : ReserveTests<LendingPostgresBot>(bot), IClassFixture<LendingPostgresBot>;
