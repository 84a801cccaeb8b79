using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Pages.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;

namespace StadtLabor.Bot.IntegrationTests.Pages.Lending;

[Collection(PagesCollections.Sqlite)]
public sealed class LendingPagesTests_Sqlite(SqlitePagesBot bot) : LendingPagesTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class LendingPagesTests_Postgres(PostgresPagesBot bot) : LendingPagesTests<PostgresPagesBot>(bot);

/// <summary>
/// The lab team's lending pages over HTTP (calendar on Berlin days, the date parameter, handover and return through
/// the desk's own use cases, refusals, the role) and one keyboard walk in Chromium, on SQLite and PostgreSQL. The
/// page database is shared: each test makes its own items and people and looks only at them.
/// </summary>
public abstract class LendingPagesTests<TBot>(TBot fixture) where TBot : PagesBot
{
    private static int _next = 14300;

    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static Persona NewColleague() => TrainingSeed.Colleague(Interlocked.Increment(ref _next));

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..6];

    private static DateOnly Today => LabTime.BerlinDate(DateTimeOffset.UtcNow);

    private static DateTime At(DateOnly day, int hour, int minute = 0) => TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A kit of two tablets and one headset, reserved (confirmed) by the person for today.</summary>
    private async Task<(long Reservation, long Tablet, long Headset)> KitForTodayAsync(Persona p, ReservationStatus status = ReservationStatus.Confirmed,
        string? kitName = null, string? tabletName = null, string? headsetName = null, int hour = 0)
    {
        var tablet = await ItemAsync(Bot, tabletName ?? Unique("Tablet"), quantity: 6, category: "Tablets");
        var headset = await ItemAsync(Bot, headsetName ?? Unique("VR-Brille"), quantity: 3);
        var kit = await KitAsync(Bot, kitName ?? Unique("Mobiles stadtLABOR"), (tablet, 2), (headset, 1));
        var id = await ReservationAsync(Bot, kit, p, At(Today, hour, 30), At(Today.AddDays(3), 11), status);
        return (id, tablet, headset);
    }

    private static IElement Row(PageResult page, string itemName) =>
        page.Document.QuerySelectorAll("table.lending-grid tbody tr").Single(tr => tr.QuerySelector("th[scope=row]")!.TextContent.Trim() == itemName);

    private static string Cell(IElement row, DateOnly day) =>
        System.Text.RegularExpressions.Regex.Replace(row.QuerySelector($"td[data-day='{Iso(day)}']")!.TextContent, "\\s+", " ").Trim();

    private Task<List<CheckLine>> LinesAsync(long reservationId, CheckKind kind) =>
        Bot.WithDbAsync(db => db.LendingCheckLines().AsNoTracking().Where(l => l.ReservationId == reservationId && l.Kind == kind).OrderBy(l => l.ItemId).ToListAsync());

    private Task<List<OutboxMessage>> MessagesAsync(string key) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey == key).ToListAsync());

    private Task<string> NameAsync(long itemId) => Bot.WithDbAsync(db => db.LendingItems().Where(i => i.Id == itemId).Select(i => i.Name).SingleAsync());

    private static string Tick(long itemId) => "ok_" + itemId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Calendar_ReservationBlockAndOverdueLoan_OnTheirBerlinDays()
    {
        var erika = NewColleague();
        var item = await ItemAsync(Bot, Unique("3D-Drucker"), quantity: 2);
        // 00:30 in Berlin is the evening before in UTC: the entry belongs to the Berlin day.
        await ReservationAsync(Bot, item, erika, At(Today.AddDays(2), 0, 30), At(Today.AddDays(3), 11));
        await ReservationAsync(Bot, item, erika, At(Today.AddDays(-5), 10), At(Today.AddDays(-1), 11), ReservationStatus.Lent);
        await Bot.WithDbAsync(db =>
        {
            db.MaintenanceBlocks().Add(new MaintenanceBlock
            {
                ItemId = item,
                StartsAtUtc = LabTime.StartOfDay(Today.AddDays(5)).UtcDateTime,
                EndsAtUtc = LabTime.StartOfDay(Today.AddDays(7)).UtcDateTime,
                Reason = MaintenanceReason.Repair,
                CreatedAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        using var sam = await Bot.SignInAsync(LabTeam);

        var page = await sam.GetAsync("/labor/ausleihe");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector(".table-scroll table.lending-grid caption"));
        Assert.Equal(Iso(Today), page.Document.QuerySelector("table.lending-grid tbody td")!.GetAttribute("data-day"));
        var row = Row(page, await NameAsync(item));
        var reserved = $"{erika.Name} {Word.De("pages.lending.state.reserved")}";
        Assert.Equal([false, true, true, false], [.. new[] { 1, 2, 3, 4 }.Select(d => Cell(row, Today.AddDays(d)).Contains(reserved, StringComparison.Ordinal))]);
        var blocked = $"{Word.De("lendingDesk.reason.repair")} {Word.De("pages.lending.state.blocked")}";
        Assert.Equal([false, true, true, false], [.. new[] { 4, 5, 6, 7 }.Select(d => Cell(row, Today.AddDays(d)).Contains(blocked, StringComparison.Ordinal))]);
        Assert.Contains($"{erika.Name} {Word.De("pages.lending.state.overdue")}", Cell(row, Today), StringComparison.Ordinal);
        // One link per entry, in its first cell: the reservation's on its pickup day, the overdue loan's today.
        Assert.Equal([Iso(Today), Iso(Today.AddDays(2))], row.QuerySelectorAll("td a").Select(a => a.Closest("td")!.GetAttribute("data-day")));
    }

    [Fact]
    public async Task Calendar_GarbageOrGivenStartDate_TodayOrThatDay()
    {
        await ItemAsync(Bot, Unique("Lastenrad"));
        using var sam = await Bot.SignInAsync(LabTeam);
        var later = Today.AddDays(14);

        foreach (var garbage in new[] { "kaputt", "2026-13-40", "%3Cscript%3E", "" })
        {
            var page = await sam.GetAsync("/labor/ausleihe?von=" + garbage);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(Iso(Today), page.Document.QuerySelector("table.lending-grid tbody td")!.GetAttribute("data-day"));
        }
        var moved = await sam.GetAsync("/labor/ausleihe?von=" + Iso(later));
        Assert.Equal(Iso(later), moved.Document.QuerySelector("table.lending-grid tbody td")!.GetAttribute("data-day"));
        Assert.Equal(14, moved.Document.QuerySelectorAll("table.lending-grid thead th[scope=col]").Length - 1);
        Assert.NotNull(moved.Document.QuerySelector($"a[href='/labor/ausleihe?von={Iso(Today)}']"));
    }

    [Fact]
    public async Task Handover_LineNotTicked_RefusedAndNothingChanges()
    {
        var erika = NewColleague();
        var (id, tablet, headset) = await KitForTodayAsync(erika);
        using var sam = await Bot.SignInAsync(LabTeam);
        var form = await sam.GetAsync($"/labor/ausleihe/uebergabe/{id}");
        Assert.Equal(2, form.Document.QuerySelectorAll("form#checklist input[type=checkbox]").Length);

        var refused = await sam.SubmitAsync(form, "form#checklist", [new(Tick(headset), "true")]);
        var contradicting = await sam.SubmitAsync(form, "form#checklist", [new(Tick(headset), "true"), new(Tick(tablet), "true"), new(Checklist.CountId(tablet), "1")]);

        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("„Tablet ", error, StringComparison.Ordinal);
        Assert.Equal("true", refused.Document.QuerySelector($"#{Tick(tablet)}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(refused.Document.QuerySelector($"#{Tick(headset)}[checked]"));
        Assert.Single(contradicting.Errors);
        var r = await ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Confirmed, r.Status);
        Assert.Null(r.LentAtUtc);
        Assert.Empty(await LinesAsync(id, CheckKind.Handover));
        Assert.Empty(await MessagesAsync(ReceiptCard.Key(id)));
    }

    [Fact]
    public async Task Handover_AllTickedOneShort_SameAsTheCardAndOnce()
    {
        var erika = NewColleague();
        var (byPage, tablet, headset) = await KitForTodayAsync(erika);
        var (byCard, cardTablet, cardHeadset) = await KitForTodayAsync(erika);
        using var sam = await Bot.SignInAsync(LabTeam);
        var form = await sam.GetAsync($"/labor/ausleihe/uebergabe/{byPage}");

        var done = await sam.SubmitAsync(form, "form#checklist",
            [new(Tick(headset), "true"), new(Checklist.CountId(tablet), "1"), new(Checklist.NoteId(tablet), "Ladekabel fehlt")]);
        var again = await sam.SubmitAsync(form, "form#checklist", [new(Tick(headset), "true"), new(Tick(tablet), "true")]);
        await TrainingSeed.ClickAsync(Bot, LabTeam, "lendingAdmin.handover", new JsonObject
        {
            ["reservationId"] = byCard,
            [Checklist.CountId(cardTablet)] = "1",
            [Checklist.NoteId(cardTablet)] = "Ladekabel fehlt",
            [Checklist.CountId(cardHeadset)] = "1",
            [Checklist.NoteId(cardHeadset)] = "",
        });

        Assert.Equal(Word.De("lendingDesk.handover.done", erika.Name), done.Notice);
        Assert.Null(done.Document.QuerySelector("form#checklist"));
        Assert.Contains(Word.De("lendingDesk.check.recorded", await NameAsync(tablet), 1, 2) + " · Ladekabel fehlt", done.MainText, StringComparison.Ordinal);
        Assert.Matches(Word.DePattern("lendingDesk.handover.already"), again.Document.QuerySelector(".warning")!.TextContent);
        var (page, card) = (await ReservationAsync(Bot, byPage), await ReservationAsync(Bot, byCard));
        Assert.Equal((ReservationStatus.Lent, LabTeam.AadObjectId), (page.Status, page.HandedOverByAadObjectId));
        Assert.Equal((card.Status, card.HandedOverByAadObjectId), (page.Status, page.HandedOverByAadObjectId));
        Assert.NotNull(page.LentAtUtc);
        static object Shape(CheckLine l, long tabletId) => (l.ItemId == tabletId, l.Expected, l.Counted, l.Damaged, l.Note);
        Assert.Equal((await LinesAsync(byCard, CheckKind.Handover)).Select(l => Shape(l, cardTablet)).OrderBy(s => s.ToString()),
            (await LinesAsync(byPage, CheckKind.Handover)).Select(l => Shape(l, tablet)).OrderBy(s => s.ToString()));
        var message = Assert.Single(await MessagesAsync(ReceiptCard.Key(byPage)));
        Assert.Equal(erika.AadObjectId, message.UserAadObjectId);
        Assert.Single(await MessagesAsync(ReceiptCard.Key(byCard)));
    }

    [Fact]
    public async Task Return_OneTabletMissingAfterRefusal_ReturnedAndThePartBlocked()
    {
        var erika = NewColleague();
        var (id, tablet, headset) = await KitForTodayAsync(erika, ReservationStatus.Lent);
        using var sam = await Bot.SignInAsync(LabTeam);
        var form = await sam.GetAsync($"/labor/ausleihe/rueckgabe/{id}");
        Assert.Equal(2, form.Document.QuerySelectorAll("form#checklist input[name^='damaged_']").Length);

        var refused = await sam.SubmitAsync(form, "form#checklist", [new(Tick(headset), "true"), new(Checklist.CountId(tablet), "3")]);
        Assert.Equal(Word.De("lendingDesk.check.countRange", await NameAsync(tablet), 2), Assert.Single(refused.Errors));
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(Bot, id)).Status);

        var done = await sam.SubmitAsync(refused, "form#checklist",
            [new(Tick(headset), "true"), new(Checklist.CountId(tablet), "1"), new(Checklist.DamagedId(tablet), "0"), new(Checklist.NoteId(tablet), "fehlt")]);

        Assert.Equal(Word.De("lendingDesk.return.doneShort", 1, 0), done.Notice);
        var r = await ReservationAsync(Bot, id);
        Assert.Equal((ReservationStatus.Returned, LabTeam.AadObjectId), (r.Status, r.ReceivedBackByAadObjectId));
        Assert.Equal([(tablet, 2, 1), (headset, 1, 1)], (await LinesAsync(id, CheckKind.Return)).Select(l => (l.ItemId, l.Expected, l.Counted)).OrderBy(l => l.ItemId == headset));
        var block = Assert.Single(await Bot.WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().Where(b => b.ReservationId == id).ToListAsync()));
        Assert.Equal((tablet, 1, MaintenanceReason.MissingPart), (block.ItemId, block.Quantity, block.Reason));
        Assert.Single(await MessagesAsync(ReturnSummary.BorrowerKey(id)));
    }

    [Fact]
    public async Task Checklists_CancelledReturnedOrUnknown_ClearMessageAndNoForm()
    {
        var erika = NewColleague();
        var item = await ItemAsync(Bot, Unique("Roboter"));
        var cancelled = await ReservationAsync(Bot, item, erika, At(Today, 9), At(Today.AddDays(1), 11), ReservationStatus.Cancelled);
        var lent = await ReservationAsync(Bot, item, erika, At(Today, 9), At(Today.AddDays(1), 11), ReservationStatus.Lent);
        using var sam = await Bot.SignInAsync(LabTeam);
        var returnForm = await sam.GetAsync($"/labor/ausleihe/rueckgabe/{lent}");
        await sam.SubmitAsync(returnForm, "form#checklist", [new(Tick(item), "true")]);

        var handoverCancelled = await sam.GetAsync($"/labor/ausleihe/uebergabe/{cancelled}");
        var returnCancelled = await sam.GetAsync($"/labor/ausleihe/rueckgabe/{cancelled}");
        var returnedAgain = await sam.SubmitAsync(returnForm, "form#checklist", [new(Tick(item), "true")]);
        var unknown = await sam.GetAsync("/labor/ausleihe/uebergabe/987654321");

        var cancelledWord = Word.De("lendingDesk.status.cancelled");
        Assert.Equal(Word.De("lendingDesk.handover.notOpen", cancelledWord), handoverCancelled.Document.QuerySelector(".warning")!.TextContent.Trim());
        Assert.Equal(Word.De("lendingDesk.return.notLent", cancelledWord), returnCancelled.Document.QuerySelector(".warning")!.TextContent.Trim());
        Assert.Matches(Word.DePattern("lendingDesk.return.already"), returnedAgain.Document.QuerySelector(".warning")!.TextContent);
        Assert.All([handoverCancelled, returnCancelled, returnedAgain], p => Assert.Null(p.Document.QuerySelector("form#checklist")));
        Assert.Single(await LinesAsync(lent, CheckKind.Return));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Block_PastDayThenHittingAReservation_RefusedThenAskedThenBlockedAndTold()
    {
        var erika = NewColleague();
        var item = await ItemAsync(Bot, Unique("Beamer"));
        var reserved = await ReservationAsync(Bot, item, erika, At(Today.AddDays(2), 9), At(Today.AddDays(3), 11));
        using var sam = await Bot.SignInAsync(LabTeam);
        var form = await sam.GetAsync($"/labor/ausleihe/wartung?geraet={item}");
        Assert.Equal(item.ToString(CultureInfo.InvariantCulture), form.Document.QuerySelector("#itemId option[selected]")!.GetAttribute("value"));
        var fields = new List<KeyValuePair<string, string>> { new("toDate", Iso(Today.AddDays(3))), new("reason", "repair"), new("note", "Lampe tauschen") };

        var past = await sam.SubmitAsync(form, "form#block", [.. fields, new("fromDate", Iso(Today.AddDays(-1)))]);
        var asked = await sam.SubmitAsync(form, "form#block", [.. fields, new("fromDate", Iso(Today.AddDays(2)))]);
        Assert.Empty(await Bot.WithDbAsync(db => db.MaintenanceBlocks().Where(b => b.ItemId == item).ToListAsync()));
        var done = await sam.SubmitAsync(asked, "form#confirm-block");

        Assert.Equal([Word.De("lendingDesk.blockForm.error.from")], past.Errors);
        Assert.Contains(erika.Name, asked.Document.QuerySelector(".warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Word.De("lendingDesk.blockForm.doneTold", await NameAsync(item), 1), done.Notice);
        Assert.Equal("/labor/ausleihe", done.Path);
        var block = Assert.Single(await Bot.WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().Where(b => b.ItemId == item).ToListAsync()));
        Assert.Equal((MaintenanceReason.Repair, "Lampe tauschen", LabTeam.AadObjectId), (block.Reason, block.Note, block.CreatedByAadObjectId));
        Assert.Single(await MessagesAsync(ServeCheck.Key(reserved, "block" + block.Id.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Erika_EveryLendingPageAndPost_Forbidden()
    {
        var item = await ItemAsync(Bot, Unique("VR-Brille"));
        var id = await ReservationAsync(Bot, item, NewColleague(), At(Today, 9), At(Today.AddDays(1), 11));
        var lent = await ReservationAsync(Bot, item, NewColleague(), At(Today, 9), At(Today.AddDays(1), 11), ReservationStatus.Lent);
        using var erika = await Bot.SignInAsync(Activities.Erika);
        // A valid anti-forgery token of her own session: the refusal is the role's, not the token's.
        var token = (await erika.GetAsync("/abgemeldet")).Document.QuerySelector("input[name=__af]")!.GetAttribute("value")!;

        foreach (var path in new[] { "/labor/ausleihe", "/labor/ausleihe?von=2026-01-01", $"/labor/ausleihe/uebergabe/{id}", $"/labor/ausleihe/rueckgabe/{lent}", "/labor/ausleihe/wartung" })
            Assert.Equal(HttpStatusCode.Forbidden, (await erika.GetAsync(path)).Status);
        foreach (var path in new[] { $"/labor/ausleihe/uebergabe/{id}", $"/labor/ausleihe/rueckgabe/{lent}", "/labor/ausleihe", "/labor/ausleihe/wartung" })
        {
            KeyValuePair<string, string>[] fields = [new("__af", token), new(Tick(item), "true"), new("itemId", item.ToString(CultureInfo.InvariantCulture)),
                new("quantity", "1"), new("fromDate", Iso(Today)), new("reason", "repair"), new("confirmed", "true")];
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
            using var response = await erika.SendAsync(post);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(ReservationStatus.Confirmed, (await ReservationAsync(Bot, id)).Status);
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(Bot, lent)).Status);
        Assert.Empty(await Bot.WithDbAsync(db => db.MaintenanceBlocks().Where(b => b.ItemId == item).ToListAsync()));
    }

    [Fact]
    public async Task Browser_SamHandsOverTodaysKitByKeyboard_ReturnAndMaintenanceErrorsAccessible()
    {
        var erika = NewColleague();
        // Real names for the screenshot; each database has its own run of this test.
        var (id, tablet, headset) = await KitForTodayAsync(erika, kitName: "Mobiles stadtLABOR – Koffer 2",
            tabletName: "Tablet iPad 10", headsetName: "VR-Brille Meta Quest 3", hour: 9);
        var printer = await ItemAsync(Bot, "3D-Drucker Prusa MK4");
        await ReservationAsync(Bot, printer, NewColleague(), At(Today.AddDays(1), 9), At(Today.AddDays(4), 11));
        await ReservationAsync(Bot, printer, NewColleague(), At(Today.AddDays(6), 9), At(Today.AddDays(7), 11), ReservationStatus.Requested);
        await ReservationAsync(Bot, headset, NewColleague(), At(Today.AddDays(-4), 9), At(Today.AddDays(-1), 11), ReservationStatus.Lent);
        await Bot.WithDbAsync(db =>
        {
            db.MaintenanceBlocks().Add(new MaintenanceBlock
            {
                ItemId = tablet,
                StartsAtUtc = LabTime.StartOfDay(Today.AddDays(4)).UtcDateTime,
                EndsAtUtc = LabTime.StartOfDay(Today.AddDays(6)).UtcDateTime,
                Reason = MaintenanceReason.Cleaning,
                CreatedAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        var page = await Bot.Browser.OpenAsync(LabTeam, "/labor/ausleihe");
        await PagesBrowser.AssertAccessibleAsync(page, "lending calendar");
        await Bot.Browser.ScreenshotAsync(page, "30-ausleihe-kalender");

        await PagesBrowser.FollowByKeyboardAsync(page, $"#abholungen a[href='/labor/ausleihe/uebergabe/{id}']", $"**/labor/ausleihe/uebergabe/{id}");
        foreach (var line in new[] { tablet, headset })
        {
            await PagesBrowser.TabToAsync(page, "#" + Tick(line));
            await page.Keyboard.PressAsync("Space");
        }
        await PagesBrowser.AssertAccessibleAsync(page, "handover checklist");
        await Bot.Browser.ScreenshotAsync(page, "31-ausleihe-uebergabe");
        await PagesBrowser.TabToAsync(page, "#hand-over");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync(".notice");

        Assert.Equal(Word.De("lendingDesk.handover.done", erika.Name), (await page.Locator(".notice").InnerTextAsync()).Trim());
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(Bot, id)).Status);
        Assert.Equal([2, 1], (await LinesAsync(id, CheckKind.Handover)).OrderBy(l => l.ItemId == headset).Select(l => l.Counted));

        // The kit comes back with a count that cannot be: refused, the summary leads to the field, nothing returned.
        await page.GotoAsync(LendingLinks.Return(id));
        await PagesBrowser.AssertAccessibleAsync(page, "return checklist");
        await Bot.Browser.ScreenshotAsync(page, "32-ausleihe-rueckgabe");
        await PagesBrowser.TabToAsync(page, "#" + Tick(headset));
        await page.Keyboard.PressAsync("Space");
        await page.FillAsync("#" + Checklist.CountId(tablet), "3");
        await PagesBrowser.TabToAsync(page, "#take-back");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal([Word.De("lendingDesk.check.countRange", "Tablet iPad 10", 2)], await PagesBrowser.AssertErrorSummaryAsync(page));
        await PagesBrowser.AssertAccessibleAsync(page, "return checklist with errors");
        Assert.Equal(ReservationStatus.Lent, (await ReservationAsync(Bot, id)).Status);

        // From there to the maintenance form, by keyboard; a start day in the past is refused the same way.
        await PagesBrowser.FollowByKeyboardAsync(page, "a[href^='/labor/ausleihe/wartung']", "**/labor/ausleihe/wartung**");
        await PagesBrowser.AssertAccessibleAsync(page, "maintenance form");
        await page.SelectOptionAsync("#itemId", tablet.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#quantity", "1");
        await page.FillAsync("#fromDate", Iso(Today.AddDays(-1)));
        await page.SelectOptionAsync("#reason", "repair");
        await PagesBrowser.TabToAsync(page, "#save-block");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal([Word.De("lendingDesk.blockForm.error.from")], await PagesBrowser.AssertErrorSummaryAsync(page));
        await PagesBrowser.AssertAccessibleAsync(page, "maintenance form with errors");
        await Bot.Browser.ScreenshotAsync(page, "33-ausleihe-wartung-fehler");
        Assert.Equal([MaintenanceReason.Cleaning], await Bot.WithDbAsync(db => db.MaintenanceBlocks().Where(b => b.ItemId == tablet).Select(b => b.Reason).ToListAsync()));
        await page.Context.CloseAsync();
    }
}
