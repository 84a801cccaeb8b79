using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Exports;

/// <summary>
/// A survey's exports over HTTP on SQLite and PostgreSQL: the aggregated results (every withheld figure marked with
/// its reason, formula-safe) for the research partner and the innovation department, the raw answers only for the
/// research partner (small departments generalised to "*"), every export logged, and links that are forged, expired,
/// made for someone without the role or for another kind get nothing.
/// </summary>
public abstract class ExportTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private const string Evil = "=HYPERLINK(\"http://evil.example\";\"Klick\")";

    /// <summary>
    /// A closed wave of 40 answers: 20 from Bürgerdienste, 17 from Bauen, 3 from Finanzen (too few: withheld, and Bauen
    /// then hidden as well so 40 − 20 does not give them away); twelve texts, one of them a formula.
    /// </summary>
    private async Task<SeededSurvey> ArrangeAsync(bool freeTextToPartner = false)
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Homeoffice Export"), x => x.FreeTextToPartner = freeTextToPartner);
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, slots: 0);
        await SurveySeed.AnswersAsync(Bot, wave, 40, i => SurveySeed.Answer(s, department: i < 20 ? 0 : i < 37 ? 1 : 2, days: i % 3, tools: i % 2 == 0 ? 0b11 : 0b1,
            satisfaction: 1 + i % 5, hours: i % 9, text: i < 11 ? $"Mehr Laptops {i}" : i == 11 ? Evil : null));
        return s;
    }

    private static JsonObject Data(long surveyId, string format) => new() { ["surveyId"] = surveyId, ["format"] = format };

    private static string Link(JsonObject card) =>
        new Uri(Walk(card).Single(o => o["type"]?.ToString() == "Action.OpenUrl")["url"]!.ToString()).PathAndQuery;

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private static List<string[]> Csv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        // Split fields on ';' outside quotes (the cells here hold no line breaks).
        return [.. Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Fields)];
    }

    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ';' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }

    private Task<List<SurveyExport>> ExportsAsync(long surveyId) =>
        Bot.WithDbAsync(db => db.SurveyExports().AsNoTracking().Where(e => e.SurveyId == surveyId).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task Results_CsvByInes_WithheldMarkedFormulaSafeAndLogged()
    {
        var s = await ArrangeAsync();

        var card = await TrainingSeed.ClickAsync(Bot, Innovation, ExportResults.Verb, Data(s.Id, "csv"));
        using var response = await Bot.Http.GetAsync(Link(card));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var rows = Csv(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new[] { "question", "wave", "breakdown", "group", "answer", "count", "percent", "mean", "note" }.Select(c => Word.De("surveysExport.column." + c)), rows[0]);
        var byDepartment = rows.Where(r => r[0] == "4. " + s.Satisfaction.Text && r[2] == s.Department.Text && r[4] == Word.De("surveysExport.total")).ToDictionary(r => r[3]);
        Assert.Equal("20", byDepartment[SurveySeed.Departments[0]][5]);
        Assert.Equal("", byDepartment[SurveySeed.Departments[1]][5]);
        Assert.Equal(Word.De("surveysExport.reason.protected"), byDepartment[SurveySeed.Departments[1]][8]);
        Assert.Equal(Word.De("surveysExport.reason.tooFew", 5), byDepartment[SurveySeed.Departments[2]][8]);
        var overall = rows.Single(r => r[0] == "4. " + s.Satisfaction.Text && r[2] == Word.De("surveysExport.noBreakdown") && r[4] == Word.De("surveysExport.total"));
        Assert.Equal(["40", "3,00"], new[] { overall[5], overall[7] });
        // The twelve texts overall (from 10 on), the formula neutralised.
        var texts = rows.Where(r => r[0] == "6. " + s.Change.Text).Select(r => r[4]).ToList();
        Assert.Equal(12, texts.Count);
        Assert.Contains("'" + Evil, texts);
        Assert.DoesNotContain(rows, r => r.Any(c => c.StartsWith('=')));
        var logged = Assert.Single(await ExportsAsync(s.Id));
        Assert.Equal((SurveyExportKind.ResultsCsv, Innovation.AadObjectId, Innovation.Name), (logged.Kind, logged.ByAadObjectId, logged.ByName));
    }

    [Fact]
    public async Task Results_XlsxByRita_TextCellsNoFormulaOneSheetWithWaves()
    {
        var s = await ArrangeAsync();

        var card = await TrainingSeed.ClickAsync(Bot, Research, ExportResults.Verb, Data(s.Id, "xlsx"));
        using var book = new XLWorkbook(new MemoryStream(await Bot.Http.GetByteArrayAsync(Link(card))));

        var sheet = book.Worksheets.Single();
        Assert.Equal(Word.De("surveysExport.sheet.results"), sheet.Name);
        Assert.All(sheet.CellsUsed(), c => Assert.False(c.HasFormula));
        Assert.Equal(Word.De("surveysExport.column.wave"), sheet.Cell(1, 2).GetString());
        Assert.All(sheet.RowsUsed().Skip(1), r => Assert.Equal("1", r.Cell(2).GetString()));
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "'" + Evil);
        Assert.Equal(SurveyExportKind.ResultsXlsx, Assert.Single(await ExportsAsync(s.Id)).Kind);
    }

    [Fact]
    public async Task Raw_CsvByRita_SmallDepartmentsGeneralisedNothingLeftOutNoFreeText()
    {
        var s = await ArrangeAsync();

        var card = await TrainingSeed.ClickAsync(Bot, Research, ExportRaw.Verb, Data(s.Id, "csv"));
        var rows = Csv(await Bot.Http.GetByteArrayAsync(Link(card)));

        Assert.Equal([Word.De("surveysExport.column.wave"), "1. " + s.Department.Text, "2. " + s.Days.Text, "3. " + s.Tools.Text, "4. " + s.Satisfaction.Text, "5. " + s.Hours.Text], rows[0]);
        Assert.Equal(40, rows.Count - 1);
        // Finanzen has 3 people: leaving them out would let the chat's 40 minus the export show their answers.
        Assert.All(rows.Skip(1), r => Assert.Equal("*", r[1]));
        Assert.Equal(20, rows.Count(r => r[3] == "Teams; Miro"));
        Assert.DoesNotContain(rows, r => r.Any(c => c.Contains("Laptops", StringComparison.Ordinal) || c.Contains("HYPERLINK", StringComparison.Ordinal)));
        Assert.Contains(Word.De("surveysExport.card.freeTextOut"), Infrastructure.Cards.Words(card), StringComparison.Ordinal);
        var logged = Assert.Single(await ExportsAsync(s.Id));
        Assert.Equal((SurveyExportKind.RawCsv, Research.AadObjectId), (logged.Kind, logged.ByAadObjectId));
    }

    [Fact]
    public async Task Raw_XlsxLargeDepartmentsAndFreeTextAllowed_DepartmentsKeptTextsIn()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Homeoffice Roh"), x => x.FreeTextToPartner = true);
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, slots: 0);
        await SurveySeed.AnswersAsync(Bot, wave, 30, i => SurveySeed.Answer(s, department: i % 2, days: 2, tools: 1, satisfaction: 3, hours: 4, text: i == 0 ? Evil : null));

        var card = await TrainingSeed.ClickAsync(Bot, Research, ExportRaw.Verb, Data(s.Id, "xlsx"));
        using var book = new XLWorkbook(new MemoryStream(await Bot.Http.GetByteArrayAsync(Link(card))));

        var sheet = book.Worksheets.Single();
        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.Equal(30, rows.Count);
        Assert.Equal(15, rows.Count(r => r.Cell(2).GetString() == SurveySeed.Departments[0]));
        Assert.Equal(15, rows.Count(r => r.Cell(2).GetString() == SurveySeed.Departments[1]));
        Assert.Single(rows, r => r.Cell(7).GetString() == "'" + Evil);
        Assert.All(sheet.CellsUsed(), c => Assert.False(c.HasFormula));
    }

    [Fact]
    public async Task Raw_ErikaAndInes_RefusedNothingLogged()
    {
        var s = await ArrangeAsync();

        var erika = await TrainingSeed.ClickAsync(Bot, Erika, ExportRaw.Verb, Data(s.Id, "csv"));
        var ines = await TrainingSeed.ClickAsync(Bot, Innovation, ExportRaw.Verb, Data(s.Id, "csv"));

        Assert.Contains(Word.De("denied.title"), Infrastructure.Cards.Words(erika), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysExport.rawOnlyPartner"), Infrastructure.Cards.Words(ines), StringComparison.Ordinal);
        Assert.DoesNotContain(Walk(ines), o => o["type"]?.ToString() == "Action.OpenUrl");
        Assert.Empty(await ExportsAsync(s.Id));
        // A raw link signed for Ines (as if a card had been made for her) is refused at the download.
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        await Bot.App.Services.GetRequiredService<LinkKey>().LoadAsync(CancellationToken.None);
        var token = links.Token(SurveyExportLinks.Grant(new LabUser(BotFixture.TenantId, Innovation.AadObjectId), s.Id, SurveyExportKind.RawCsv, DateTime.UtcNow))!;
        using var response = await Bot.Http.GetAsync($"/exports/surveys/{token}.csv");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Teams; Miro", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_ForgedExpiredStaffOrOtherKind_RefusedAndNothingLeaks()
    {
        var s = await ArrangeAsync();
        var link = Link(await TrainingSeed.ClickAsync(Bot, Research, ExportResults.Verb, Data(s.Id, "csv")));
        var token = link["/exports/surveys/".Length..^".csv".Length];
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        string For(Persona p, SurveyExportKind kind, DateTime at) =>
            links.Token(SurveyExportLinks.Grant(new LabUser(BotFixture.TenantId, p.AadObjectId), s.Id, kind, at))!;
        var staff = For(Erika, SurveyExportKind.ResultsCsv, DateTime.UtcNow);
        var expired = For(Research, SurveyExportKind.ResultsCsv, DateTime.UtcNow - SurveyExportLinks.Validity - TimeSpan.FromSeconds(1));
        var ideas = links.Token(new LinkGrant(LinkPurpose.IdeasExport, s.Id, BotFixture.TenantId + "/" + Research.AadObjectId, DateTime.UtcNow.AddMinutes(5)))!;
        var tampered = token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..];

        foreach (var (bad, ext, status) in new[] { (staff, "csv", 403), (expired, "csv", 404), (ideas, "csv", 404), (tampered, "csv", 404), ("guess", "csv", 404), (token, "xlsx", 404) })
        {
            using var response = await Bot.Http.GetAsync($"/exports/surveys/{bad}.{ext}");
            Assert.Equal(status, (int)response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Laptops", body, StringComparison.Ordinal);
            Assert.DoesNotContain(s.Satisfaction.Text, body, StringComparison.Ordinal);
        }
        using var good = await Bot.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains("Laptops", StringComparison.Ordinal) || l.Contains(Research.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_UnknownSurveyNoClosedWaveOrBadFormat_ErrorCardNothingLogged()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Homeoffice offen"));
        await SurveySeed.WaveAsync(Bot, s.Id, [Erika]);

        var running = await TrainingSeed.ClickAsync(Bot, Research, ExportResults.Verb, Data(s.Id, "csv"));
        var unknown = await TrainingSeed.ClickAsync(Bot, Research, ExportResults.Verb, Data(long.MaxValue, "csv"));
        var format = await TrainingSeed.ClickAsync(Bot, Research, ExportRaw.Verb, Data(s.Id, "pdf"));

        Assert.Contains(Word.De("surveysExport.noClosedWave"), Infrastructure.Cards.Words(running), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysExport.unknownSurvey"), Infrastructure.Cards.Words(unknown), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysExport.badRequest"), Infrastructure.Cards.Words(format), StringComparison.Ordinal);
        Assert.Empty(await ExportsAsync(s.Id));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class ExportTests_Sqlite(SqliteSurveysBot bot) : ExportTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class ExportTests_Postgres(PostgresSurveysBot bot) : ExportTests<PostgresSurveysBot>(bot);
