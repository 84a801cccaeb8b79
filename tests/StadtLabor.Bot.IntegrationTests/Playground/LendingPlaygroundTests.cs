using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Lending;
using StadtLabor.Bot.Tests;
using CardReader = StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// A Playground session whose user is on the lab team, so one person can walk both sides of a loan: staff reserve,
/// the lab team approves, hands over and takes back.
/// </summary>
public sealed class LabTeamPlaygroundSession : PlaygroundSession
{
    /// <summary>
    /// The Playground's user by UPN, as ./run.sh gives it the role: its object id ("00000000-…-0000000000020") is no
    /// real GUID, so the role source cannot match it; the bot asks the Playground's connector for the member's UPN
    /// as it would ask Teams. PlaygroundConfig does not carry the UPN, so it is written here (Playground 0.2.28).
    /// </summary>
    public const string UserUpn = "alexw@example.com";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings(PlaygroundConfig config) =>
    [
        new("Roles:LabTeam:0", UserUpn),
        // No lead time: the story picks up on the next working day, whatever hour the test runs.
        new("Lending:LeadHours", "0"),
    ];
}

/// <summary>
/// The whole loan through the real Microsoft 365 Agents Playground, as in issue 11's Done-when: "ausleihen", "Was ist
/// frei?", reserve an item that needs approval, the lab team approves (the borrower is told in the chat), hands it
/// over (the borrower gets "Erhalt bestätigen" and confirms), takes it back with a unit missing (a maintenance block),
/// and the catalogue then says the unit is in maintenance. Every click must answer with a card, never the error card.
/// Words are checked by their keys in either language: the Playground claims en-US on every message and invoke.
/// </summary>
public sealed class LendingPlaygroundTests(LabTeamPlaygroundSession session) : IClassFixture<LabTeamPlaygroundSession>
{
    private const string Headset = "VR-Brille";
    private const string Purpose = "Bürgerdialog Innenstadt";
    private const string Place = "stadtLABOR im Rathaus";

    [Fact]
    public async Task Lending_ReserveApproveHandOverConfirmReturnShort_EveryStepInTheChatAndMaintenanceShown()
    {
        if (session.Unavailable is not null) Assert.Skip(session.Unavailable);
        await session.EnsureInstalledAsync();
        var (headsetId, kitName) = await SeedAsync();

        // "ausleihen": the catalogue with both offers.
        var catalogue = await SayAsync("ausleihen", IsCatalogue);
        var catalogueCard = CardOf(catalogue, "the answer to \"ausleihen\"");
        ExpectedCards.LendingCatalogue.AssertContent(catalogueCard, "after \"ausleihen\"");
        Assert.Equal([kitName, Headset], CatalogueCards.Names(catalogueCard).Order(StringComparer.Ordinal));

        // "Was ist frei?": the form, then the results for the next two working days within the opening hours.
        var form = await ClickAsync(catalogue.MessageId, "lending.findFree", DataOf(catalogueCard, "lending.findFree"));
        Assert.Contains(LendingRange.FromDate, FormCards.InputIds(form));
        var range = Range(LendingSeed.WorkingDayUtc(1, 9), LendingSeed.WorkingDayUtc(2, 11));
        var results = await ClickAsync(catalogue.MessageId, "lending.findFree", With(DataOf(form, "lending.findFree"), range));
        var reserveButton = Assert.Single(Actions(CatalogueCards.Row(results, Headset), "lending.reserveForm"),
            a => a["data"]?["itemId"]?.ToString() == Id(headsetId) && a["data"]?[LendingRange.FromDate]?.ToString() == range[LendingRange.FromDate]!.ToString());

        // "Reservieren": the form for this item and range; sent with one unit, purpose and place.
        var reserveForm = await ClickAsync(catalogue.MessageId, "lending.reserveForm", (reserveButton["data"] as JsonObject)!.DeepClone().AsObject());
        Assert.Contains("purpose", FormCards.InputIds(reserveForm));
        var input = With(DataOf(reserveForm, "lending.reserve"), range);
        input["quantity"] = "1";
        input["purpose"] = Purpose;
        input["place"] = Place;
        var reserved = await ClickAsync(catalogue.MessageId, "lending.reserve", input);
        AssertSays(reserved, "lendingReserve.done.requested", "after lending.reserve");
        var reservation = await ReservationAsync(headsetId);
        Assert.Equal((ReservationStatus.Requested, 1, Purpose, Place), (reservation.Status, reservation.Quantity, reservation.Purpose, reservation.PickupPlace));

        // The lab team: "ausleihe verwalten", its requests, approve; the borrower (here the same person) is told in the chat.
        var overview = await SayAsync("ausleihe verwalten", card => CardReader.Verbs(card).Contains("lendingAdmin.approvals") && CardReader.Verbs(card).Contains("lendingAdmin.records"));
        var overviewCard = CardOf(overview, "the answer to \"ausleihe verwalten\"");
        AssertSays(overviewCard, "lendingAdmin.title", "after \"ausleihe verwalten\"");
        var approvals = await ClickAsync(overview.MessageId, "lendingAdmin.approvals", DataOf(overviewCard, "lendingAdmin.approvals"));
        var approveData = DataOf(approvals, "lendingAdmin.approve");
        Assert.Equal(Id(reservation.Id), approveData["reservationId"]?.ToString());
        var mark = session.Playground.Mark();
        var approved = await ClickAsync(overview.MessageId, "lendingAdmin.approve", approveData);
        // The queue refreshes in place: this was the only request.
        AssertSays(approved, "lendingAdmin.approvals.none", "after lendingAdmin.approve");
        Assert.DoesNotContain("lendingAdmin.approve", CardReader.Verbs(approved));
        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(headsetId)).Status);
        var decision = await WaitForCardAsync(mark, card => Contains(card, lang => Says(lang, "lendingAdmin.decision.approved", Headset)), "the approval message to the borrower");
        Assert.Equal(session.Chat, decision.ConversationId);

        // Handover. It needs the pickup day to have come, and the story cannot wait a working day: the pickup is
        // moved to now in the database (only the start; the return stays on the second working day).
        await WithDbAsync(async db =>
        {
            var r = await db.LendingReservations().SingleAsync(x => x.Id == reservation.Id);
            r.StartsAtUtc = DateTime.UtcNow;
            return await db.SaveChangesAsync();
        });
        var today = await ClickAsync(overview.MessageId, "lendingAdmin.today", DataOf(overviewCard, "lendingAdmin.today"));
        var ids = DataOf(today, "lendingAdmin.handoverForm");
        Assert.Equal(Id(reservation.Id), ids["reservationId"]?.ToString());
        var handoverForm = await ClickAsync(overview.MessageId, "lendingAdmin.handoverForm", ids.DeepClone().AsObject());
        Assert.Contains(Checklist.CountId(headsetId), FormCards.InputIds(handoverForm));
        mark = session.Playground.Mark();
        var handover = DataOf(handoverForm, "lendingAdmin.handover");
        handover[Checklist.CountId(headsetId)] = "1";
        handover[Checklist.NoteId(headsetId)] = "";
        var handedOver = await ClickAsync(overview.MessageId, "lendingAdmin.handover", handover);
        AssertSays(handedOver, "lendingDesk.handover.recorded", "after lendingAdmin.handover");
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(headsetId)).Status);

        // The borrower's message with "Erhalt bestätigen"; the click stores the quittance.
        var receipt = await WaitForCardAsync(mark, card => CardReader.Verbs(card).Contains("lending.confirmReceipt"), "the message asking the borrower to confirm receipt");
        Assert.Equal(session.Chat, receipt.ConversationId);
        var receiptCard = CardOf(receipt, "the receipt message");
        var confirmed = await ClickAsync(receipt.MessageId, "lending.confirmReceipt", DataOf(receiptCard, "lending.confirmReceipt"));
        Assert.DoesNotContain("lending.confirmReceipt", CardReader.Verbs(confirmed));
        Assert.NotNull((await ReservationAsync(headsetId)).ReceiptConfirmedAtUtc);

        // Return with the unit missing: returned, and the unit blocked until the lab team clears it.
        var returnForm = await ClickAsync(overview.MessageId, "lendingAdmin.returnForm", ids.DeepClone().AsObject());
        Assert.Contains(Checklist.DamagedId(headsetId), FormCards.InputIds(returnForm));
        var back = DataOf(returnForm, "lendingAdmin.return");
        back[Checklist.CountId(headsetId)] = "0";
        back[Checklist.DamagedId(headsetId)] = "0";
        back[Checklist.NoteId(headsetId)] = "Brille fehlt";
        var returned = await ClickAsync(overview.MessageId, "lendingAdmin.return", back);
        AssertSays(returned, "lendingDesk.return.recorded", "after lendingAdmin.return");
        Assert.Equal(ReservationStatus.Returned, (await ReservationAsync(headsetId)).Status);
        var block = await WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().SingleAsync(b => b.ItemId == headsetId));
        Assert.Equal((1, MaintenanceReason.MissingPart, (DateTime?)null), (block.Quantity, block.Reason, block.EndsAtUtc));

        // "ausleihen" again: the headset's row says one of two is in maintenance, since today, with the reason.
        var after = CardOf(await SayAsync("ausleihen", IsCatalogue), "the answer to \"ausleihen\" after the return");
        var since = DateOnly.FromDateTime(TrainingTime.ToBerlin(block.StartsAtUtc));
        AssertSays(CatalogueCards.Row(after, Headset), lang => Says(lang, "lendingCatalogue.maintenance.open", 1, 2, Wording.Day(lang, since),
            Says(lang, "lendingCatalogue.maintenance.reason.missingPart")), "the headset's row after the return");
    }

    /// <summary>The headset that needs approval and a kit of parts, straight into the bot's database (this session's own).</summary>
    private async Task<(long HeadsetId, string KitName)> SeedAsync()
    {
        const string kitName = "Mobiles stadtLABOR";
        var headsetId = await WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            LendingItem Item(string name, int quantity, string category, bool alone) => new()
            {
                Name = name, Category = category, Description = "Zum Ausprobieren in Workshops.", Quantity = quantity, LendableAlone = alone,
                CreatedAtUtc = now, UpdatedAtUtc = now,
            };
            var headset = Item(Headset, 2, "VR", alone: true);
            headset.NeedsApproval = true;
            var tablet = Item("Tablet", 4, "Tablets", alone: false);
            var cable = Item("Verlängerungskabel", 2, "Zubehör", alone: false);
            var kit = Item(kitName, 1, "Koffer", alone: true);
            kit.IsKit = true;
            db.LendingItems().AddRange(headset, tablet, cable, kit);
            await db.SaveChangesAsync();
            db.KitParts().AddRange(new KitPart { KitId = kit.Id, PartId = tablet.Id, Count = 2 }, new KitPart { KitId = kit.Id, PartId = cable.Id, Count = 1 });
            await db.SaveChangesAsync();
            return headset.Id;
        });
        return (headsetId, kitName);
    }

    private Task<LendingReservation> ReservationAsync(long itemId) =>
        WithDbAsync(db => db.LendingReservations().AsNoTracking().SingleAsync(r => r.ItemId == itemId));

    private async Task<T> WithDbAsync<T>(Func<LabDbContext, Task<T>> work)
    {
        await using var scope = session.Bot.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }

    /// <summary>The range as the "Was ist frei?" and reserve forms send it (Berlin date and time).</summary>
    private static JsonObject Range(DateTime fromUtc, DateTime toUtc)
    {
        var data = new JsonObject();
        new LendingRange(fromUtc, toUtc).WriteTo(data);
        return data;
    }

    private static JsonObject With(JsonObject data, JsonObject more)
    {
        foreach (var (key, value) in more) data[key] = value?.DeepClone();
        return data;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Says(string lang, string key, params object?[] args) =>
        lang == Strings.English ? Word.En(key, args) : Word.De(key, args);

    private static bool Contains(JsonNode card, Func<string, string> text) =>
        new[] { Strings.German, Strings.English }.Any(lang => CardReader.Words(card).Contains(text(lang), StringComparison.Ordinal));

    private static void AssertSays(JsonNode card, string key, string where) => AssertSays(card, lang => Says(lang, key), where);

    /// <summary>The card shows the text in German or in English (the Playground's en-US decides unless the person chose).</summary>
    private static void AssertSays(JsonNode card, Func<string, string> text, string where) =>
        Assert.True(Contains(card, text), $"{where}: the card shows neither \"{text(Strings.German)}\" nor \"{text(Strings.English)}\". Its text: \"{CardReader.Words(card)}\"");

    /// <summary>The user clicks an Action.Execute button; returns the card the Playground shows in place, which must not be the error card.</summary>
    private async Task<JsonObject> ClickAsync(string messageId, string verb, JsonObject data)
    {
        var (status, body, raw) = await session.Playground.InvokeAsync(session.Config, session.Chat, messageId, verb, data);
        Assert.True(status == HttpStatusCode.OK, $"The Playground's invoke of {verb} answered {(int)status}: {raw}{session.Playground.LogTail()}");
        Assert.True(body is JsonObject && body["type"]?.ToString() == PlaygroundDriver.CardContentType, $"The answer to {verb} is not a card: {raw}");
        var card = Assert.IsType<JsonObject>(body["value"]);
        Assert.False(Contains(card, lang => Says(lang, "error.title")), $"{verb} answered with the error card: {CardReader.Words(card)}{session.Playground.LogTail()}");
        return card;
    }

    private static List<JsonObject> Actions(JsonNode card, string verb) =>
        CardReader.Actions(card).Where(a => a["verb"]?.ToString() == verb).ToList();

    private static JsonObject DataOf(JsonObject card, string verb) =>
        (Assert.Single(Actions(card, verb))["data"] as JsonObject)?.DeepClone().AsObject() ?? [];

    private static bool IsCatalogue(JsonObject card) => Contains(card, lang => Says(lang, "lendingCatalogue.intro"));

    /// <summary>
    /// The user types <paramref name="text"/> in the personal chat; returns the bot's answer, the first new message
    /// whose card matches (a message from the outbox, such as the return summary, may come first).
    /// </summary>
    private async Task<PlaygroundMessage> SayAsync(string text, Func<JsonObject, bool> answer)
    {
        var mark = session.Playground.Mark();
        await session.Playground.SendTextAsync(session.Config, session.Chat, text);
        var reply = await WaitForCardAsync(mark, answer, $"the bot's answer to \"{text}\"");
        Assert.Equal(session.Chat, reply.ConversationId);
        return reply;
    }

    /// <summary>
    /// Waits for a bot message after <paramref name="mark"/> whose card matches: outbox messages (to the lab team and
    /// to the borrower, here one person) may arrive in any order.
    /// </summary>
    private async Task<PlaygroundMessage> WaitForCardAsync(int mark, Func<JsonObject, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + PlaygroundDriver.StepTimeout;
        while (true)
        {
            var found = session.Playground.MessagesSince(mark)
                .FirstOrDefault(m => m.Action == "createMessage" && m.FromId == session.Config.BotId && m.Card is { } c && match(c));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {PlaygroundDriver.StepTimeout.TotalSeconds} s for {what}, in vain. Since this step: " +
                    string.Join("\n  ", session.Playground.MessagesSince(mark).Select(m => m.Card is { } c ? CardReader.Words(c) : m.Text ?? "")) +
                    session.Playground.LogTail());
            }
            await Task.Delay(100);
        }
    }

    private JsonObject CardOf(PlaygroundMessage message, string what)
    {
        var card = message.Card;
        Assert.True(card is not null, $"{what} has no Adaptive Card attachment: {message}{session.Playground.LogTail()}");
        return card;
    }
}
