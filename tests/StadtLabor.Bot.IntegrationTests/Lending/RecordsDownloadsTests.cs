using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Records;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The lab team's records over HTTP on SQLite and PostgreSQL: the card with its links only for the lab team in the
/// 1:1 chat, the .ics feeds (valid iCalendar, one item's feed holds only that item, no purpose, a forged, expired or
/// staff link gets nothing), and the history as CSV and Excel with formula-safe cells and no purpose past its time.
/// </summary>
public abstract class RecordsDownloadsTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static Persona NewPersona(string name) => new($"29:records-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..6];

    private static List<string> Links(JsonObject card) =>
        [.. JsonWalk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)];

    private static IEnumerable<JsonNode> JsonWalk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => JsonWalk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(JsonWalk)),
        _ => [node],
    };

    private sealed record World(Persona Erika, Persona Leon, long Headsets, long Printer, long Confirmed, long Lent, long Cancelled, long Block);

    private async Task<World> ArrangeAsync()
    {
        var erika = NewPersona("Mustermann, Erika");
        var leon = NewPersona("Krämer, Leon");
        var headsets = await ItemAsync(Bot, Unique("VR-Brille"), quantity: 4);
        var printer = await ItemAsync(Bot, Unique("3D-Drucker"), category: "3D-Druck");
        var confirmed = await ReservationAsync(Bot, headsets, erika, WorkingDayUtc(3), WorkingDayUtc(4), quantity: 2,
            adjust: r => r.Purpose = "Geheimer Zweck Erika");
        var lent = await ReservationAsync(Bot, printer, leon, DateTime.UtcNow.AddDays(-1), WorkingDayUtc(2), ReservationStatus.Lent,
            adjust: r => r.Purpose = "Geheimer Zweck Leon");
        var cancelled = await ReservationAsync(Bot, headsets, leon, WorkingDayUtc(6), WorkingDayUtc(7), ReservationStatus.Cancelled);
        var block = await Bot.WithDbAsync(async db =>
        {
            var b = new MaintenanceBlock { ItemId = printer, StartsAtUtc = WorkingDayUtc(5), Reason = MaintenanceReason.Repair, CreatedAtUtc = DateTime.UtcNow };
            db.MaintenanceBlocks().Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        return new World(erika, leon, headsets, printer, confirmed, lent, cancelled, block);
    }

    private async Task<string> FeedAsync(string link)
    {
        using var response = await Bot.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The unfolded lines of an .ics file (RFC 5545 3.1), checking every physical line's length and ending on the way.</summary>
    private static List<string> IcsLines(string ics)
    {
        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        var physical = ics[..^2].Split("\r\n");
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.DoesNotContain(physical, l => l.Contains('\n', StringComparison.Ordinal));
        var lines = new List<string>();
        foreach (var l in physical)
        {
            if (l.StartsWith(' ')) lines[^1] += l[1..];
            else lines.Add(l);
        }
        return lines;
    }

    private static List<Dictionary<string, string>> Events(List<string> lines)
    {
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT") current = [];
            else if (line == "END:VEVENT") { events.Add(current!); current = null; }
            else if (current is not null) current[line[..line.IndexOf(':', StringComparison.Ordinal)]] = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        return events;
    }

    [Fact]
    public async Task Records_LabTeamInPersonalChat_FeedAndHistoryLinksAndOneItemOnChoice()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, LabTeam, ShowRecords.Verb);
        var chosen = await ClickAsync(Bot, LabTeam, ShowRecords.Verb, new JsonObject { ["itemId"] = w.Printer.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var links = Links(card);
        Assert.Equal(3, links.Count);
        Assert.Single(links, l => l.StartsWith("/feeds/lending/", StringComparison.Ordinal));
        Assert.Single(links, l => l.EndsWith(".csv", StringComparison.Ordinal));
        Assert.Single(links, l => l.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.Equal(2, Links(chosen).Count(l => l.StartsWith("/feeds/lending/", StringComparison.Ordinal)));
        Assert.Contains(Word.De("lendingRecords.openItem", await NameAsync(w.Printer)), Words(chosen), StringComparison.Ordinal);
        Assert.Contains(ShowRecords.Verb, Verbs(card));
    }

    [Fact]
    public async Task Records_StaffOrGroupChat_NoLinks()
    {
        await ArrangeAsync();

        var staff = await ClickAsync(Bot, Erika, ShowRecords.Verb);
        var inGroup = Execute(Bot, LabTeam, ShowRecords.Verb, conversationId: "19:group-" + Guid.NewGuid().ToString("N"));
        inGroup["conversation"]!["conversationType"] = "groupChat";
        inGroup["conversation"]!["isGroup"] = true;
        var group = await Bot.InvokeAsync(inGroup);

        Assert.Contains(Word.De("denied.title"), Words(staff), StringComparison.Ordinal);
        Assert.Empty(Links(staff));
        var groupCard = Card(group)!;
        Assert.Contains(Word.De("lendingRecords.personalOnly"), Words(groupCard), StringComparison.Ordinal);
        Assert.Empty(Links(groupCard));
    }

    [Fact]
    public async Task Feed_AllLending_ValidCalendarWithLoansAndBlocksNamesButNoPurpose()
    {
        var w = await ArrangeAsync();
        var link = Links(await ClickAsync(Bot, LabTeam, ShowRecords.Verb)).Single(l => l.StartsWith("/feeds/", StringComparison.Ordinal));

        var ics = await FeedAsync(link);

        var lines = IcsLines(ics);
        Assert.Equal(["BEGIN:VCALENDAR", "VERSION:2.0"], lines[..2]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("METHOD:PUBLISH", lines);
        var events = Events(lines);
        Assert.All(events, e =>
        {
            foreach (var property in new[] { "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY" }) Assert.True(e.ContainsKey(property), property);
            Assert.Matches("^\\d{8}T\\d{6}Z$", e["DTSTART"]);
            Assert.True(string.CompareOrdinal(e["DTEND"], e["DTSTART"]) > 0);
        });
        var host = "stadtlabor-bot.test.example";
        var confirmed = events.Single(e => e["UID"] == $"lending-reservation-{w.Confirmed}@{host}");
        Assert.Equal(Word.De("lendingRecords.feed.reservation", await NameAsync(w.Headsets), 2, w.Erika.Name, Word.De("lendingRecords.status.confirmed")),
            confirmed["SUMMARY"].Replace("\\,", ",", StringComparison.Ordinal));
        Assert.Equal(WorkingDayUtc(3).ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), confirmed["DTSTART"]);
        Assert.Contains(events, e => e["UID"] == $"lending-reservation-{w.Lent}@{host}");
        Assert.Contains(events, e => e["UID"] == $"lending-block-{w.Block}@{host}");
        Assert.DoesNotContain(events, e => e["UID"] == $"lending-reservation-{w.Cancelled}@{host}");
        Assert.DoesNotContain("Geheimer Zweck", ics, StringComparison.Ordinal);
        Assert.Equal(events.Count, events.Select(e => e["UID"]).Distinct().Count());
        // Stable: fetched again, the same entries under the same UIDs.
        Assert.Equal(events.Select(e => e["UID"]), Events(IcsLines(await FeedAsync(link))).Select(e => e["UID"]));
    }

    [Fact]
    public async Task Feed_OneItem_OnlyThatItem()
    {
        var w = await ArrangeAsync();
        var card = await ClickAsync(Bot, LabTeam, ShowRecords.Verb, new JsonObject { ["itemId"] = w.Printer });
        var all = Links(await ClickAsync(Bot, LabTeam, ShowRecords.Verb)).Single(l => l.StartsWith("/feeds/", StringComparison.Ordinal));
        var link = Links(card).Single(l => l.StartsWith("/feeds/", StringComparison.Ordinal) && l != all);

        var events = Events(IcsLines(await FeedAsync(link)));

        Assert.Equal([$"lending-reservation-{w.Lent}@stadtlabor-bot.test.example", $"lending-block-{w.Block}@stadtlabor-bot.test.example"],
            events.Select(e => e["UID"]));
        var printer = await NameAsync(w.Printer);
        Assert.All(events, e => Assert.StartsWith(printer + " ×1: ", e["SUMMARY"], StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e["SUMMARY"].Contains("Mustermann", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_ForgedExpiredOtherPurposeOrStaffLink_RefusedAndNothingLeaks()
    {
        var w = await ArrangeAsync();
        var link = Links(await ClickAsync(Bot, LabTeam, ShowRecords.Verb)).Single(l => l.StartsWith("/feeds/", StringComparison.Ordinal));
        var token = link["/feeds/lending/".Length..^".ics".Length];
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        var lab = new LabUser(BotFixture.TenantId, LabTeam.AadObjectId);
        var expired = links.Token(RecordLinks.Feed(RecordLinks.AllItems, lab, DateTime.UtcNow - RecordLinks.FeedValidity - TimeSpan.FromSeconds(1)))!;
        var history = links.Token(RecordLinks.History(lab, DateTime.UtcNow))!;
        var calendar = links.Token(new LinkGrant(LinkPurpose.Calendar, 0, "1", DateTime.UtcNow.AddHours(1)))!;
        var tampered = token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..];
        // Genuinely signed, but for Erika, who is staff: the role check refuses it.
        var staff = links.Token(RecordLinks.Feed(RecordLinks.AllItems, new LabUser(BotFixture.TenantId, Erika.AadObjectId), DateTime.UtcNow))!;
        var otherTenant = links.Token(RecordLinks.Feed(RecordLinks.AllItems, new LabUser("00000000-0000-4000-8000-00000000dead", LabTeam.AadObjectId), DateTime.UtcNow))!;

        var cases = new[] { (expired, 404), (history, 404), (calendar, 404), (tampered, 404), ("guess", 404), (staff, 403), (otherTenant, 403) };
        foreach (var (bad, status) in cases)
        {
            using var response = await Bot.Http.GetAsync($"/feeds/lending/{bad}.ics");
            Assert.Equal(status, (int)response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("BEGIN:VCALENDAR", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Krämer", body, StringComparison.Ordinal);
        }
        // And the history refuses a feed link.
        using (var export = await Bot.Http.GetAsync($"/exports/lending/{token}.csv")) Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        using (var export = await Bot.Http.GetAsync($"/exports/lending/{staff}.csv")) Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        var staffHistory = links.Token(RecordLinks.History(new LabUser(BotFixture.TenantId, Erika.AadObjectId), DateTime.UtcNow))!;
        using (var export = await Bot.Http.GetAsync($"/exports/lending/{staffHistory}.xlsx")) Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains(w.Leon.Name, StringComparison.Ordinal) || l.Contains(LabTeam.AadObjectId, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task History_CsvAndXlsx_OneRowPerReservationFormulaSafeOldPurposeLeftOut()
    {
        var mallory = NewPersona("=HYPERLINK(\"http://evil.example\";\"Klick\")");
        var item = await ItemAsync(Bot, Unique("@Sensor"));
        await ReservationAsync(Bot, item, mallory, WorkingDayUtc(2), WorkingDayUtc(3), adjust: r => { r.Purpose = "+Workshop"; r.PickupPlace = "-Keller"; });
        await ReservationAsync(Bot, item, mallory, DateTime.UtcNow.AddDays(-100), DateTime.UtcNow.AddDays(-99), ReservationStatus.Returned,
            adjust: r => { r.Purpose = "Alter Zweck"; r.ReturnedAtUtc = DateTime.UtcNow.AddDays(-99); r.LentAtUtc = DateTime.UtcNow.AddDays(-100); });
        var card = await ClickAsync(Bot, LabTeam, ShowRecords.Verb);
        var itemName = await NameAsync(item);

        var bytes = await Bot.Http.GetByteArrayAsync(Links(card).Single(l => l.EndsWith(".csv", StringComparison.Ordinal)));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(";", new[] { "item", "quantity", "from", "to", "status", "person", "place", "purpose", "decidedAt", "lentAt", "returnedAt" }
            .Select(c => Word.De("lendingRecords.column." + c))), lines[0]);
        var mine = lines.Where(l => l.StartsWith("'" + itemName, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count); // one row per reservation, oldest first
        var hyperlink = "\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\"";
        Assert.StartsWith($"'{itemName};1;", mine[0], StringComparison.Ordinal);
        Assert.Contains($";{Word.De("lendingRecords.status.returned")};{hyperlink};stadtLABOR im Rathaus;;", mine[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Alter Zweck", mine[0], StringComparison.Ordinal);
        Assert.Contains($";{Word.De("lendingRecords.status.confirmed")};{hyperlink};'-Keller;'+Workshop;", mine[1], StringComparison.Ordinal);

        using var book = new XLWorkbook(new MemoryStream(await Bot.Http.GetByteArrayAsync(Links(card).Single(l => l.EndsWith(".xlsx", StringComparison.Ordinal)))));
        var sheet = book.Worksheets.First();
        var rows = sheet.RowsUsed().Where(r => r.Cell(1).GetString() == "'" + itemName).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.All(r.CellsUsed(), c => Assert.False(c.HasFormula)));
        Assert.Equal("'" + mallory.Name, rows[1].Cell(6).GetString());
        Assert.Equal("'+Workshop", rows[1].Cell(8).GetString());
        Assert.Equal("", rows[0].Cell(8).GetString());
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains("HYPERLINK", StringComparison.Ordinal) || l.Contains("Workshop", StringComparison.Ordinal));
    }

    private Task<string> NameAsync(long itemId) =>
        Bot.WithDbAsync(db => Task.FromResult(db.LendingItems().Single(i => i.Id == itemId).Name));
}

/// <summary>The lab-team persona in Roles:LabTeam.</summary>
public abstract class RecordsBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Roles:LabTeam:0"] = LabTeam.AadObjectId };
}

public sealed class RecordsSqliteBot : RecordsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class RecordsPostgresBot : RecordsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class RecordsDownloadsTests_Sqlite(RecordsSqliteBot bot) : RecordsDownloadsTests<RecordsSqliteBot>(bot), IClassFixture<RecordsSqliteBot>;

public sealed class RecordsDownloadsTests_Postgres(RecordsPostgresBot bot) : RecordsDownloadsTests<RecordsPostgresBot>(bot), IClassFixture<RecordsPostgresBot>;
