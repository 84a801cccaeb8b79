using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Results;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Pages.Surveys;

/// <summary>
/// The survey dashboard (/umfragen/auswertung) over HTTP on SQLite and PostgreSQL, and once in Chromium: Ines
/// (Innovation) and Rita (research partner) see the surveys with their waves' counts from 5; a question's tables hold
/// exactly the card's figures (compared cell by cell with "umfrage ergebnisse" for the same question and breakdown);
/// a breakdown the survey did not declare is refused; a running wave shows only its count; the exports are the card's
/// downloads, logged, the raw one only for Rita; Erika (staff) gets 403 everywhere.
/// </summary>
public abstract class SurveyPagesTests<TBot>(TBot fixture) where TBot : PagesBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string Path(long surveyId, long? questionId = null, string? slot = null) =>
        $"/umfragen/auswertung/{surveyId}?frage={questionId}" + (slot is null ? "" : "&aufteilung=" + Uri.EscapeDataString(slot));

    /// <summary>
    /// Two closed waves. Wave 1: 12 in Bürgerdienste, 3 in Bauen (too few), 8 in Finanzen (withheld, or 23 − 12 − 8
    /// would give Bauen away). Wave 2: 10 and 10, satisfaction lower, days shifted (deltas).
    /// </summary>
    private async Task<SeededSurvey> TwoWavesAsync(string title = "Homeoffice Auswertung")
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique(title));
        var first = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 1, slots: 0);
        var second = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 2, slots: 0);
        await SurveySeed.AnswersAsync(Bot, first, 23, i => SurveySeed.Answer(s, department: i < 12 ? 0 : i < 15 ? 1 : 2, days: i % 2 == 0 ? 2 : 3,
            tools: i % 3 == 0 ? 0b11 : 0b1, satisfaction: 4, hours: 10));
        await SurveySeed.AnswersAsync(Bot, second, 20, i => SurveySeed.Answer(s, department: i < 10 ? 0 : 2, days: i < 15 ? 2 : 3,
            tools: 0b1, satisfaction: i < 10 ? 3 : 5, hours: 10));
        return s;
    }

    /// <summary>The card's sections: heading → (people line, facts by title).</summary>
    private static Dictionary<string, (string People, Dictionary<string, string> Facts)> CardSections(JsonObject card) =>
        Walk(card).Where(o => o["type"]?.ToString() == "Container" && o["items"] is JsonArray { Count: >= 2 } items
                && items[0]?["weight"]?.ToString() == "Bolder" && items[1]?["spacing"]?.ToString() == "None")
            .ToDictionary(o => o["items"]![0]!["text"]!.ToString(), o => (o["items"]![1]!["text"]!.ToString(),
                Walk(o).Where(f => f["type"]?.ToString() == "FactSet").SelectMany(f => f["facts"]!.AsArray())
                    .ToDictionary(f => f!["title"]!.ToString(), f => f!["value"]!.ToString())));

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    /// <summary>The page's tables: caption → (row label → the cells, one per closed wave).</summary>
    private static Dictionary<string, Dictionary<string, string[]>> PageTables(PageResult page) =>
        page.Document.QuerySelectorAll("table.figures").ToDictionary(t => t.QuerySelector("caption")!.TextContent.Trim(),
            t => t.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(),
                r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()));

    /// <summary>How the card puts one wave's cells on a line: "Welle 1: … · Welle 2: …" (one wave: the cell alone).</summary>
    private static string AsCardLine(string[] cells) =>
        cells.Length == 1 ? cells[0] : string.Join(" · ", cells.Select((c, i) => Word.De("surveysResults.waveValue", i + 1, c)));

    private async Task AssertPageEqualsCardAsync(PageClient ines, long surveyId, SurveyQuestion q, int slot)
    {
        var card = await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb,
            new JsonObject { ["surveyId"] = surveyId, ["questionId"] = q.Id, ["slot"] = slot });
        var page = await ines.GetAsync(Path(surveyId, q.Id, slot.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var sections = CardSections(card);
        var tables = PageTables(page);
        Assert.NotEmpty(tables);
        Assert.Equal(sections.Keys.Order(), tables.Keys.Order());
        foreach (var (heading, (people, facts)) in sections)
        {
            var rows = tables[heading];
            Assert.Equal(people, AsCardLine(rows[Word.De("pages.surveys.people")]));
            Assert.Equal(facts.Keys.Order(), rows.Keys.Where(k => k != Word.De("pages.surveys.people")).Order());
            foreach (var (title, value) in facts) Assert.Equal(value, AsCardLine(rows[title]));
        }
    }

    [Fact]
    public async Task List_FourSevenAndClosed_CountsOnlyFromFiveAsOnTheCard()
    {
        var few = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft mit vier"));
        await SurveySeed.AnswersAsync(Bot, await SurveySeed.WaveAsync(Bot, few.Id, [], slots: 0), 4, _ => SurveySeed.Answer(few, 0, 1, 1, 3, 5));
        var many = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft mit sieben"));
        await SurveySeed.AnswersAsync(Bot, await SurveySeed.WaveAsync(Bot, many.Id, [], slots: 0), 7, _ => SurveySeed.Answer(many, 0, 1, 1, 3, 5));
        var closed = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Abgeschlossen"));
        await SurveySeed.AnswersAsync(Bot, await SurveySeed.WaveAsync(Bot, closed.Id, [], WaveStatus.Closed, slots: 0), 6, _ => SurveySeed.Answer(closed, 0, 1, 1, 3, 5));

        using var rita = await Bot.SignInAsync(Research);
        var page = await rita.GetAsync("/umfragen/auswertung");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(Word.De("pages.surveys.listTitle"), page.H1);
        string Answers(long id) => page.Document.QuerySelector($"tr[data-survey='{id}'] td.answers")!.TextContent.Trim();
        Assert.Equal(Word.De("smallGroups.fewerThan", 5), Answers(few.Id));
        Assert.Equal("7", Answers(many.Id));
        Assert.Equal("6", Answers(closed.Id));
        // Results only behind a closed wave: the title is a link for that survey alone.
        Assert.NotNull(page.Document.QuerySelector($"a[href='/umfragen/auswertung/{closed.Id}']"));
        Assert.Null(page.Document.QuerySelector($"a[href='/umfragen/auswertung/{many.Id}']"));
        var card = Infrastructure.Cards.Words(await TrainingSeed.ClickAsync(Bot, Research, ShowResultsList.Verb));
        Assert.Contains(Word.De("surveysResults.runningFew", 1, 5), card, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.running", 1, "7"), card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_WithAndWithoutBreakdown_TableCellsEqualTheCard()
    {
        var s = await TwoWavesAsync();

        using var ines = await Bot.SignInAsync(Innovation);

        await AssertPageEqualsCardAsync(ines, s.Id, s.Satisfaction, 0);
        await AssertPageEqualsCardAsync(ines, s.Id, s.Satisfaction, 1);
        await AssertPageEqualsCardAsync(ines, s.Id, s.Days, 1);
        await AssertPageEqualsCardAsync(ines, s.Id, s.Tools, 0);

        // The suppressed groups, by their reason: Bauen too few in both waves, Finanzen withheld in wave 1 (it would give Bauen away).
        var tables = PageTables(await ines.GetAsync(Path(s.Id, s.Satisfaction.Id, "1")));
        var people = Word.De("pages.surveys.people");
        Assert.Equal([Word.De("smallGroups.fewerThan", 5), Word.De("smallGroups.fewerThan", 5)], tables[SurveySeed.Departments[1]][people]);
        Assert.Equal([Word.De("smallGroups.withheld"), Word.De("surveysResults.people", "10")], tables[SurveySeed.Departments[2]][people]);
        Assert.Equal(["4,0", "3,0 (−1,0)"], tables[SurveySeed.Departments[0]][Word.De("surveysResults.mean")]);
    }

    [Fact]
    public async Task Question_UndeclaredSlotInQueryString_RefusedAndLoggedWithoutPersonData()
    {
        var s = await TwoWavesAsync("Nicht festgelegt");
        using var ines = await Bot.SignInAsync(Innovation);

        foreach (var slot in new[] { "2", "4", "7", "-1", "abc" })
        {
            var page = await ines.GetAsync(Path(s.Id, s.Days.Id, slot));
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains(Word.De("surveysResults.undeclared"), page.MainText, StringComparison.Ordinal);
            Assert.Empty(page.Document.QuerySelectorAll("table.figures"));
            Assert.Null(page.Document.QuerySelector("img.chart"));
        }
        using var chart = await ines.SendAsync(new HttpRequestMessage(HttpMethod.Get, Path(s.Id, s.Days.Id, "3") + "&handler=chart"));
        Assert.Equal(HttpStatusCode.BadRequest, chart.StatusCode);
        var other = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Andere"));
        Assert.Equal(HttpStatusCode.NotFound, (await ines.GetAsync(Path(s.Id, other.Days.Id))).Status);

        var warnings = Bot.Logs.Lines.Where(l => l.Contains("results page refused", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, l =>
        {
            Assert.DoesNotContain(Innovation.AadObjectId, l, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Innovation.Name, l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Question_RunningWave_OnlyTheCountFromFive()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft noch"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], slots: 0);
        await SurveySeed.AnswersAsync(Bot, wave, 4, _ => SurveySeed.Answer(s, 0, 2, 1, 4, 10));
        using var rita = await Bot.SignInAsync(Research);

        var four = await rita.GetAsync(Path(s.Id, s.Days.Id));
        await SurveySeed.AnswersAsync(Bot, wave, 3, _ => SurveySeed.Answer(s, 0, 2, 1, 4, 10));
        var seven = await rita.GetAsync(Path(s.Id, s.Days.Id));

        Assert.Contains(Word.De("surveysResults.runningFew", 1, 5), four.MainText, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.running", 1, "7"), seven.MainText, StringComparison.Ordinal);
        foreach (var page in new[] { four, seven })
        {
            Assert.Contains(Word.De("surveysResults.noClosed"), page.MainText, StringComparison.Ordinal);
            Assert.Empty(page.Document.QuerySelectorAll("table.figures, img.chart, form#export-results"));
        }
    }

    [Fact]
    public async Task Export_ResultsCsvAndXlsxByRita_TheCardsDownloadLogged()
    {
        var s = await TwoWavesAsync("Export");
        using var rita = await Bot.SignInAsync(Research);
        var page = await rita.GetAsync(Path(s.Id));

        var csv = await rita.SubmitAsync(page, "form#export-results", button: ("art", "resultsCsv"));
        var xlsx = await rita.SubmitAsync(page, "form#export-results", button: ("art", "resultsXlsx"));

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.StartsWith("/exports/surveys/", csv.Path, StringComparison.Ordinal);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.Contains(Word.De("surveysExport.reason.tooFew", 5), csv.Html, StringComparison.Ordinal);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.MediaType);
        var logged = await Bot.WithDbAsync(db => db.SurveyExports().AsNoTracking().Where(e => e.SurveyId == s.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([SurveyExportKind.ResultsCsv, SurveyExportKind.ResultsXlsx], logged.Select(e => e.Kind));
        Assert.All(logged, e => Assert.Equal((Research.AadObjectId, Research.Name), (e.ByAadObjectId, e.ByName)));
        // The log is listed on the dashboard, as on the card.
        Assert.Contains(Research.Name, (await rita.GetAsync(Path(s.Id))).Document.QuerySelector("table.export-log")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Raw_RefusedForInesAllowedForRita()
    {
        var s = await TwoWavesAsync("Rohdaten");
        using var ines = await Bot.SignInAsync(Innovation);
        using var rita = await Bot.SignInAsync(Research);
        var inesPage = await ines.GetAsync(Path(s.Id));
        var ritaPage = await rita.GetAsync(Path(s.Id));

        // Ines has no raw button; the results form edited to ask for the raw answers is refused.
        Assert.Null(inesPage.Document.QuerySelector("form#export-raw"));
        var refused = await ines.SubmitAsync(inesPage, "form#export-results", button: ("art", "rawCsv"));
        var allowed = await rita.SubmitAsync(ritaPage, "form#export-raw", button: ("art", "rawCsv"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal("text/csv", allowed.MediaType);
        Assert.StartsWith("/exports/surveys/", allowed.Path, StringComparison.Ordinal);
        var logged = await Bot.WithDbAsync(db => db.SurveyExports().AsNoTracking().Where(e => e.SurveyId == s.Id).ToListAsync());
        var only = Assert.Single(logged);
        Assert.Equal((SurveyExportKind.RawCsv, Research.AadObjectId), (only.Kind, only.ByAadObjectId));
    }

    [Fact]
    public async Task Routes_ErikaStaff_403EverywhereChartPngForRita()
    {
        var s = await TwoWavesAsync("Rollen");
        using var rita = await Bot.SignInAsync(Research);
        var src = (await rita.GetAsync(Path(s.Id, s.Days.Id, "1"))).Document.QuerySelector("img.chart")!.GetAttribute("src")!;
        using var png = await rita.SendAsync(new HttpRequestMessage(HttpMethod.Get, src));
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);

        using var erika = await Bot.SignInAsync(Erika);
        foreach (var path in new[] { "/umfragen/auswertung", Path(s.Id), Path(s.Id, s.Days.Id, "1"), src })
            Assert.Equal(HttpStatusCode.Forbidden, (await erika.GetAsync(path)).Status);
        using var image = new HttpRequestMessage(HttpMethod.Get, src);
        image.Headers.Accept.ParseAdd("image/png");
        using var erikaPng = await erika.SendAsync(image);
        Assert.Equal(HttpStatusCode.Forbidden, erikaPng.StatusCode);
        Assert.NotEqual("image/png", erikaPng.Content.Headers.ContentType?.MediaType);
        // With a genuine anti-forgery token (from the sign-out form of a page she may open), so only the role can refuse.
        var token = (await erika.GetAsync("/abgemeldet")).Document.QuerySelector("input[name='__af']")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/umfragen/auswertung/{s.Id}/export")
        {
            Content = new FormUrlEncodedContent([new("art", "resultsCsv"), new("__af", token)]),
        };
        using var export = await erika.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Empty(await Bot.WithDbAsync(db => db.SurveyExports().Where(e => e.SurveyId == s.Id).ToListAsync()));
    }

    [Fact]
    public async Task Browser_InesPicksBreakdownByKeyboard_AccessibleAndPhotographed()
    {
        var s = await TwoWavesAsync("Homeoffice 2026");
        var page = await Bot.Browser.OpenAsync(Innovation, "/umfragen/auswertung");
        await PagesBrowser.AssertAccessibleAsync(page, "survey list");
        await Bot.Browser.ScreenshotAsync(page, "50-umfragen-liste");

        // The chart is drawn on the server when the page loads; the page itself is there as soon as its HTML is.
        await PagesBrowser.FollowByKeyboardAsync(page, $"a[href='/umfragen/auswertung/{s.Id}']", $"**/umfragen/auswertung/{s.Id}");
        // Question 4 (satisfaction), then the department breakdown, all by keyboard.
        await PagesBrowser.TabToAsync(page, "select#frage");
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("ArrowDown");
        await PagesBrowser.TabToAsync(page, "select#aufteilung");
        await page.Keyboard.PressAsync("ArrowDown");
        await PagesBrowser.FollowByKeyboardAsync(page, "button#show", $"**/umfragen/auswertung/{s.Id}?frage={s.Satisfaction.Id}&aufteilung=1");
        // The first chart a process draws loads ScottPlot's fonts (seconds on a busy machine): wait for the image itself.
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('img.chart'); return i && i.complete && i.naturalWidth === 800; }",
            null, new() { Timeout = 120_000 });

        var captions = await page.Locator("table.figures caption").AllInnerTextsAsync();
        Assert.Equal([Word.De("surveysResults.overall"), .. SurveySeed.Departments], captions.Select(c => c.Trim()));
        await PagesBrowser.AssertAccessibleAsync(page, "survey results");
        await Bot.Browser.ScreenshotAsync(page, "51-umfrage-auswertung");
        await page.Context.CloseAsync();
    }
}

[Collection(PagesCollections.Sqlite)]
public sealed class SurveyPagesTests_Sqlite(SqlitePagesBot bot) : SurveyPagesTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class SurveyPagesTests_Postgres(PostgresPagesBot bot) : SurveyPagesTests<PostgresPagesBot>(bot);
