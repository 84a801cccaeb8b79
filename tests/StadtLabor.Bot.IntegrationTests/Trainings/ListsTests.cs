using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Downloads;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using AttendanceState = StadtLabor.Bot.Features.Trainings.Attendance;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The lab team's lists and the downloads, through HTTP on SQLite and PostgreSQL: the .ics link of a booking and
/// when it stops working, the participant list with the waitlist in order, attendance and no-show counts, and the
/// CSV/Excel exports behind their signed links.
/// </summary>
public abstract class ListsTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Anna = Colleague(9201);
    private static readonly Persona Ben = Colleague(9202);
    private static readonly Persona Carla = Colleague(9203);

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private Task<Registration> MineAsync(Persona p, long sessionId) =>
        Bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking().SingleAsync(r => r.SessionId == sessionId && r.UserAadObjectId == p.AadObjectId));

    private Task<int> StartedAsync(long sessionId) =>
        Bot.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions().SingleAsync(x => x.Id == sessionId);
            s.StartsAtUtc = DateTime.UtcNow.AddHours(-1);
            s.EndsAtUtc = DateTime.UtcNow.AddHours(1);
            return await db.SaveChangesAsync();
        });

    /// <summary>The OpenUrl targets of a card whose path contains <paramref name="part"/>, as paths on the test server.</summary>
    private static List<string> Links(JsonObject card, string part) =>
        [.. Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)
            .Where(p => p.Contains(part, StringComparison.Ordinal))];

    private static IEnumerable<JsonNode> Walk(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonObject o => new[] { node }.Concat(o.SelectMany(p => Walk(p.Value))),
            JsonArray a => new[] { node }.Concat(a.SelectMany(Walk)),
            _ => [node],
        };

    private static JsonObject Marks(long sessionId, params (long Id, bool Present)[] marks)
    {
        var data = Session(sessionId);
        foreach (var (id, present) in marks) data["present_" + id.ToString(CultureInfo.InvariantCulture)] = present ? "true" : "false";
        return data;
    }

    [Fact]
    public async Task Calendar_BookedPerson_DetailLinkDownloadsValidIcs()
    {
        var id = await SessionAsync(Bot, capacity: 3, title: "Miro, Boards; Vorlagen");
        var card = await ClickAsync(Anna, "trainings.signUp", Session(id));

        var link = Assert.Single(Links(card, "/calendar/"));
        using var response = await Bot.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var ics = await response.Content.ReadAsStringAsync();
        var session = await Bot.WithDbAsync(db => db.TrainingSessions().SingleAsync(s => s.Id == id));
        var mine = await MineAsync(Anna, id);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nMETHOD:PUBLISH\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"\r\nUID:training-{id}-{mine.Id}@{Bot.App.Services.GetRequiredService<IOptions<LinkOptions>>().Value.BaseUri.IdnHost}\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"\r\nDTSTART:{session.StartsAtUtc:yyyyMMdd'T'HHmmss}Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSUMMARY:Miro\\, Boards\\; Vorlagen (Miro)\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"\r\nSEQUENCE:{session.LockStamp * 2}\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_AfterCancel_SameLinkGivesCancellation()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        var link = Assert.Single(Links(await ClickAsync(Ben, "trainings.signUp", Session(id)), "/calendar/"));
        using var booked = await Bot.Http.GetAsync(link);
        var publish = await booked.Content.ReadAsStringAsync();

        await ClickAsync(Ben, "trainings.cancel", ConfirmedCancel(id));
        using var response = await Bot.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancel = await response.Content.ReadAsStringAsync();
        Assert.Contains("\r\nMETHOD:CANCEL\r\n", cancel, StringComparison.Ordinal);
        Assert.Contains("\r\nSTATUS:CANCELLED\r\n", cancel, StringComparison.Ordinal);
        Assert.Equal(Line(publish, "UID:"), Line(cancel, "UID:"));
        Assert.True(int.Parse(Line(cancel, "SEQUENCE:"), CultureInfo.InvariantCulture) > int.Parse(Line(publish, "SEQUENCE:"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Calendar_RegistrationErased_LinkGone()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        var link = Assert.Single(Links(await ClickAsync(Ben, "trainings.signUp", Session(id)), "/calendar/"));

        await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == id).ExecuteDeleteAsync());
        using var response = await Bot.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains(Word.De("trainingsLists.calendarGone"), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Line(string ics, string name) =>
        ics.Split("\r\n").Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..];

    [Fact]
    public async Task Calendar_TamperedOrExpiredOrWrongPurpose_NotFound()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        var link = Assert.Single(Links(await ClickAsync(Carla, "trainings.signUp", Session(id)), "/calendar/"));
        var token = link["/calendar/".Length..^".ics".Length];
        var registration = await MineAsync(Carla, id);
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        var subject = registration.Id.ToString(CultureInfo.InvariantCulture);

        var tampered = "/calendar/" + token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..] + ".ics";
        var expired = "/calendar/" + links.Token(new LinkGrant(LinkPurpose.Calendar, id, subject, DateTime.UtcNow.AddSeconds(-1))) + ".ics";
        var export = "/calendar/" + links.Token(new LinkGrant(LinkPurpose.Export, id, subject, DateTime.UtcNow.AddHours(1))) + ".ics";

        foreach (var path in new[] { tampered, expired, export })
        {
            using var response = await Bot.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Participants_LabTeam_SeesNamesAndWaitlistInOrder()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));

        var card = await ClickAsync(LabTeam, "trainings.participants", Session(id));

        var words = Words(card);
        Assert.Contains(Anna.Name, words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsLists.state.booked"), words, StringComparison.Ordinal);
        Assert.Contains($"1. {Carla.Name}\n2. {Ben.Name}", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsLists.notStartedHint"), words, StringComparison.Ordinal);
        Assert.DoesNotContain("trainings.saveAttendance", Verbs(card));
        Assert.Equal(2, Links(card, "/exports/trainings/").Count);
    }

    [Fact]
    public async Task Participants_Staff_Denied()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));

        var card = await ClickAsync(Ben, "trainings.participants", Session(id));

        Assert.DoesNotContain(Anna.Name, Words(card), StringComparison.Ordinal);
        Assert.Empty(Links(card, "/exports/"));
    }

    [Fact]
    public async Task Attendance_BeforeStart_RefusedAndNothingStored()
    {
        var id = await SessionAsync(Bot, capacity: 2);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        var mine = await MineAsync(Anna, id);

        var card = await ClickAsync(LabTeam, "trainings.saveAttendance", Marks(id, (mine.Id, true)));

        Assert.Matches(Word.DePattern("trainingsLists.notStartedYet"), Words(card));
        Assert.Equal(AttendanceState.Unknown, (await MineAsync(Anna, id)).Attendance);
    }

    [Fact]
    public async Task Participants_LargeSession_PagedAndSavingOnePageLeavesTheOthers()
    {
        var id = await SessionAsync(Bot, capacity: 45, startsIn: TimeSpan.FromDays(-1));
        await Bot.WithDbAsync(async db =>
        {
            for (var n = 0; n < 45; n++)
            {
                db.TrainingRegistrations().Add(new Registration
                {
                    SessionId = id,
                    UserAadObjectId = $"bulk-{id}-{n:D3}",
                    UserName = $"Person {n:D2}",
                    TenantId = BotFixture.TenantId,
                    Status = RegistrationStatus.Booked,
                    BookedAtUtc = DateTime.UtcNow.AddDays(-3),
                    CreatedAtUtc = DateTime.UtcNow.AddDays(-3),
                    UpdatedAtUtc = DateTime.UtcNow.AddDays(-3),
                });
            }
            return await db.SaveChangesAsync();
        });

        var first = await ClickAsync(LabTeam, "trainings.participants", Session(id));
        var secondData = Session(id);
        secondData["page"] = 1;
        var second = await ClickAsync(LabTeam, "trainings.participants", secondData);

        Assert.Contains(Word.De("trainingsLists.page", 1, 2, 1, 30, 45), Words(first), StringComparison.Ordinal);
        Assert.Contains("Person 29", Words(first), StringComparison.Ordinal);
        Assert.DoesNotContain("Person 30", Words(first), StringComparison.Ordinal);
        Assert.Contains("Person 44", Words(second), StringComparison.Ordinal);
        Assert.True(first.ToJsonString().Length < 28_000, $"card of {first.ToJsonString().Length} bytes");

        // Saving page 2 (its 15 toggles, all ticked) marks those 15 and leaves page 1 as it was.
        var rows = await RegistrationsAsync(Bot, id);
        var pageTwo = rows.OrderBy(r => r.UserName, StringComparer.Ordinal).Skip(30).Select(r => (r.Id, true)).ToArray();
        var save = Marks(id, pageTwo);
        save["page"] = 1;
        await ClickAsync(LabTeam, "trainings.saveAttendance", save);

        var after = await RegistrationsAsync(Bot, id);
        Assert.Equal(15, after.Count(r => r.Attendance == AttendanceState.Present));
        Assert.Equal(30, after.Count(r => r.Attendance == AttendanceState.Unknown));
    }

    [Fact]
    public async Task Attendance_AfterStart_StoredAndNoShowsCountedOnOtherSessions()
    {
        var past = await SessionAsync(Bot, capacity: 3);
        var next = await SessionAsync(Bot, capacity: 3, startsIn: TimeSpan.FromDays(5));
        var dora = Colleague(9204);
        var emil = Colleague(9205);
        foreach (var p in new[] { dora, emil })
        {
            await ClickAsync(p, "trainings.signUp", Session(past));
            await ClickAsync(p, "trainings.signUp", Session(next));
        }
        await StartedAsync(past);
        var before = await ClickAsync(LabTeam, "trainings.participants", Session(past));
        Assert.Contains("trainings.saveAttendance", Verbs(before));

        var doraId = (await MineAsync(dora, past)).Id;
        var emilId = (await MineAsync(emil, past)).Id;
        var saved = await ClickAsync(LabTeam, "trainings.saveAttendance", Marks(past, (doraId, true), (emilId, false)));

        Assert.Contains(Word.De("trainingsLists.saved", 1, 1), Words(saved), StringComparison.Ordinal);
        Assert.Equal(AttendanceState.Present, (await MineAsync(dora, past)).Attendance);
        Assert.Equal(AttendanceState.NoShow, (await MineAsync(emil, past)).Attendance);
        var other = Words(await ClickAsync(LabTeam, "trainings.participants", Session(next)));
        var bookedOpen = $"{Word.De("trainingsLists.state.booked")} · {Word.De("trainingsLists.attendance.unknown")}";
        Assert.Contains($"{emil.Name}\n{bookedOpen} · {Word.De("trainingsLists.noShows", 1)}", other, StringComparison.Ordinal);
        Assert.Contains($"{dora.Name}\n{bookedOpen}", other, StringComparison.Ordinal);
        Assert.DoesNotContain($"{dora.Name}\nGebucht · Anwesenheit offen · 1×", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithoutValidToken_NotFound()
    {
        var id = await SessionAsync(Bot, capacity: 2);
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        var calendarToken = links.Token(new LinkGrant(LinkPurpose.Calendar, id, Ben.AadObjectId, DateTime.UtcNow.AddHours(1)));
        var expiredToken = links.Token(new LinkGrant(LinkPurpose.Export, id, LabTeam.AadObjectId, DateTime.UtcNow.AddSeconds(-1)));

        foreach (var path in new[] { "/exports/trainings/guess.csv", $"/exports/trainings/{calendarToken}.csv", $"/exports/trainings/{expiredToken}.xlsx" })
        {
            using var response = await Bot.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Kollegin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_CsvAndXlsx_ContainRowsWithFormulaNeutralised()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        var mallory = new Persona("29:mallory", "c0ffee00-0000-4000-8000-00000000bad1", "=HYPERLINK(\"http://evil.example\";\"Klick\")");
        await ClickAsync(mallory, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        var card = await ClickAsync(LabTeam, "trainings.participants", Session(id));

        var csvLink = Assert.Single(Links(card, ".csv"));
        var bytes = await Bot.Http.GetByteArrayAsync(csvLink);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(";", new[] { "name", "status", "position", "bookedAt", "attendance", "noShows" }
            .Select(c => Word.De("trainingsLists.column." + c))), lines[0]);
        Assert.StartsWith($"\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\";{Word.De("trainingsLists.state.booked")};;", lines[1], StringComparison.Ordinal);
        Assert.Equal($"{Anna.Name};{Word.De("trainingsLists.state.waitlisted")};1;;{Word.De("trainingsLists.attendance.unknown")};0", lines[2]);

        var xlsxLink = Assert.Single(Links(card, ".xlsx"));
        using var book = new XLWorkbook(new MemoryStream(await Bot.Http.GetByteArrayAsync(xlsxLink)));
        var sheet = book.Worksheets.First();
        Assert.False(sheet.Cell(2, 1).HasFormula);
        Assert.Equal("'" + mallory.Name, sheet.Cell(2, 1).GetString());
        Assert.Equal(Anna.Name, sheet.Cell(3, 1).GetString());
        Assert.Equal("1", sheet.Cell(3, 3).GetString());
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains("HYPERLINK", StringComparison.Ordinal) || l.Contains(Anna.Name, StringComparison.Ordinal));
    }
}

/// <summary>SQLite with the lab-team persona in Roles:LabTeam.</summary>
public sealed class ListsSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Roles:LabTeam:0"] = LabTeam.AadObjectId };
}

/// <summary>PostgreSQL with the lab-team persona in Roles:LabTeam.</summary>
public sealed class ListsPostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Roles:LabTeam:0"] = LabTeam.AadObjectId };
}

public sealed class ListsTests_Sqlite(ListsSqliteBot bot) : ListsTests<ListsSqliteBot>(bot), IClassFixture<ListsSqliteBot>;

public sealed class ListsTests_Postgres(ListsPostgresBot bot) : ListsTests<ListsPostgresBot>(bot), IClassFixture<ListsPostgresBot>;
