using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Report;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// The export of all ideas as CSV and Excel over HTTP on SQLite and PostgreSQL: one row per idea with the columns the
/// innovation department needs, the submitter's name only where they did not choose anonymity, no object id of
/// anyone, formula-safe cells; and a link without the Innovation role (staff, a Lotse, forged, expired) gets nothing.
/// </summary>
public abstract class ReportExportTests<TBot>(TBot fixture) where TBot : IdeasReportBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Leon = new("29:export-leon", "c2d3e4f5-0000-4000-8000-0000000000aa", "Krämer, Leon");

    private static List<string> Links(JsonObject card) =>
        [.. ReportFiguresTests<TBot>.Walk(card).Where(o => o["type"]?.ToString() == "Action.OpenUrl").Select(o => new Uri(o["url"]!.ToString()).PathAndQuery)];

    private async Task<(long Named, long Anonymous, long Formula, List<string> Links)> ArrangeAsync()
    {
        await Bot.ClearAsync();
        var named = await IdeaSeed.IdeaAsync(Bot, "Termine online vereinbaren", Erika, department: "Bürgerbüro", adjust: i =>
        {
            i.Tags = "termin,software";
            i.SupportCount = 3;
            i.AssignedAadObjectId = Lotse.AadObjectId;
            i.AssignedName = Lotse.Name;
            i.SubmittedAtUtc = new DateTime(2026, 11, 13, 9, 0, 0, DateTimeKind.Utc);
            i.FirstResponseDueOn = new DateOnly(2026, 11, 20);
            i.FirstPublicAnswerAtUtc = new DateTime(2026, 11, 18, 9, 0, 0, DateTimeKind.Utc);
            i.Status = IdeaStatus.InReview;
        });
        var anonymous = await IdeaSeed.IdeaAsync(Bot, "Diensthandys für den Außendienst", Leon, anonymous: true, adjust: i =>
        {
            i.SubmittedAtUtc = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
            i.FirstResponseDueOn = new DateOnly(2026, 11, 9);
        });
        var formula = await IdeaSeed.IdeaAsync(Bot, "=HYPERLINK(\"http://evil.example\";\"Klick\")", Erika, description: "+Workshop für alle");
        var links = Links(await TrainingSeed.ClickAsync(Bot, Innovation, ShowFigures.Verb));
        return (named, anonymous, formula, links);
    }

    [Fact]
    public async Task Export_Csv_OneRowPerIdeaNamesOnlyWhereNotAnonymous()
    {
        var w = await ArrangeAsync();

        var bytes = await Bot.Http.GetByteArrayAsync(w.Links.Single(l => l.EndsWith(".csv", StringComparison.Ordinal)));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(";", new[] { "number", "title", "description", "status", "department", "tags", "submitted", "firstAnswer",
            "withinDeadline", "supports", "assigned", "submitter" }.Select(c => Word.De("ideasReport.column." + c))), lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal($"{w.Named};Termine online vereinbaren;Damit es im Alltag schneller geht.;{Word.De("ideas.status.inReview")};Bürgerbüro;\"termin,software\";"
            + $"2026-11-13;2026-11-18;{Word.De("ideasReport.export.yes")};3;{Lotse.Name};\"{Erika.Name}\"", lines[1]);
        Assert.Equal($"{w.Anonymous};Diensthandys für den Außendienst;Damit es im Alltag schneller geht.;{Word.De("ideas.status.submitted")};"
            + $"{Word.De("ideas.department.all")};;2026-11-02;;{Word.De("ideasReport.export.no")};0;;{Word.De("ideasReport.export.anonymous")}", lines[2]);
        Assert.StartsWith($"{w.Formula};\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klick\"\")\";'+Workshop für alle;", lines[3], StringComparison.Ordinal);
        Assert.Contains($";{Word.De("ideasReport.export.open")};", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain(Leon.Name, text, StringComparison.Ordinal);
        foreach (var p in new[] { Erika, Leon, Lotse, Innovation })
            Assert.DoesNotContain(p.AadObjectId, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Export_Xlsx_SameRowsAsTextCellsWithoutAnonymousName()
    {
        var w = await ArrangeAsync();

        using var book = new XLWorkbook(new MemoryStream(await Bot.Http.GetByteArrayAsync(w.Links.Single(l => l.EndsWith(".xlsx", StringComparison.Ordinal)))));

        var sheet = book.Worksheets.Single();
        Assert.Equal(Word.De("ideasReport.sheet"), sheet.Name);
        var rows = sheet.RowsUsed().Skip(1).ToDictionary(r => r.Cell(1).GetString(), r => r);
        Assert.Equal(3, rows.Count);
        Assert.Equal(Erika.Name, rows[w.Named.ToString(System.Globalization.CultureInfo.InvariantCulture)].Cell(12).GetString());
        Assert.Equal(Word.De("ideasReport.export.anonymous"), rows[w.Anonymous.ToString(System.Globalization.CultureInfo.InvariantCulture)].Cell(12).GetString());
        Assert.Equal("'=HYPERLINK(\"http://evil.example\";\"Klick\")", rows[w.Formula.ToString(System.Globalization.CultureInfo.InvariantCulture)].Cell(2).GetString());
        Assert.All(sheet.CellsUsed(), c => Assert.False(c.HasFormula));
        var all = string.Join("\n", sheet.CellsUsed().Select(c => c.GetString()));
        Assert.DoesNotContain(Leon.Name, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Leon.AadObjectId, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Lotse.AadObjectId, all, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Export_LinkWithoutTheRoleForgedOrExpired_RefusedAndNothingLeaks()
    {
        var w = await ArrangeAsync();
        var token = w.Links.Single(l => l.EndsWith(".csv", StringComparison.Ordinal))["/exports/ideas/".Length..^".csv".Length];
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        string For(Persona p, DateTime at) => links.Token(ExportLinks.Grant(new LabUser(BotFixture.TenantId, p.AadObjectId), at))!;
        var staff = For(Erika, DateTime.UtcNow);
        var lotse = For(Lotse, DateTime.UtcNow);
        var expired = For(Innovation, DateTime.UtcNow - ExportLinks.Validity - TimeSpan.FromSeconds(1));
        var otherPurpose = links.Token(new LinkGrant(LinkPurpose.LendingHistory, 0, BotFixture.TenantId + "/" + Innovation.AadObjectId, DateTime.UtcNow.AddMinutes(5)))!;
        var tampered = token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..];

        foreach (var (bad, status) in new[] { (staff, 403), (lotse, 403), (expired, 404), (otherPurpose, 404), (tampered, 404), ("guess", 404) })
        {
            foreach (var ext in new[] { "csv", "xlsx" })
            {
                using var response = await Bot.Http.GetAsync($"/exports/ideas/{bad}.{ext}");
                Assert.Equal(status, (int)response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Termine online", body, StringComparison.Ordinal);
                Assert.DoesNotContain(Erika.Name, body, StringComparison.Ordinal);
            }
        }
        using var good = await Bot.Http.GetAsync($"/exports/ideas/{token}.csv");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("no-store", good.Headers.CacheControl!.ToString());
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains(Erika.Name, StringComparison.Ordinal) || l.Contains("Termine online", StringComparison.Ordinal));
    }
}

[Collection(SqliteIdeasReportGroup.Sqlite)]
public sealed class ReportExportTests_Sqlite(SqliteIdeasReportBot bot) : ReportExportTests<SqliteIdeasReportBot>(bot);

[Collection(PostgresIdeasReportGroup.Postgres)]
public sealed class ReportExportTests_Postgres(PostgresIdeasReportBot bot) : ReportExportTests<PostgresIdeasReportBot>(bot);
