using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Results;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Results;

/// <summary>
/// Survey results in the chat over HTTP on SQLite and PostgreSQL: Ines (Innovation) and Rita (research partner) see a
/// question per card with every closed wave side by side, by a declared breakdown only; groups under 5 and the group
/// that would give them away are withheld with their reason; a running wave shows only its count from 5; free text
/// from 10; the chart is a PNG behind a link made for her; Ines publishes a summary Erika may then read.
/// </summary>
public abstract class ResultsTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static JsonObject Show(long surveyId, long? questionId = null, JsonNode? slot = null)
    {
        var data = new JsonObject { ["surveyId"] = surveyId };
        if (questionId is { } q) data["questionId"] = q;
        if (slot is not null) data["slot"] = slot;
        return data;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    /// <summary>The people line of the section headed by this group (everyone or a group of the breakdown).</summary>
    private static string People(JsonObject card, string heading) =>
        Objects(card).Where(o => o["type"]?.ToString() == "Container" && o["items"] is JsonArray { Count: >= 2 } items
                && items[0]?["text"]?.ToString() == heading)
            .Select(o => o["items"]![1]!["text"]!.ToString()).Single();

    private static Dictionary<string, string> Facts(JsonObject card) =>
        Objects(card).Where(o => o["type"]?.ToString() == "FactSet").SelectMany(f => f["facts"]!.AsArray())
            .GroupBy(f => f!["title"]!.ToString()).ToDictionary(g => g.Key, g => g.First()!["value"]!.ToString());

    private static string ChartPath(JsonObject card) =>
        new Uri(Objects(card).Single(o => o["type"]?.ToString() == "Image")["url"]!.ToString()).PathAndQuery;

    /// <summary>One closed wave: 12 in Bürgerdienste, 3 in Bauen, 8 in Finanzen, none "keine Angabe".</summary>
    private async Task<(SeededSurvey S, long Wave)> DepartmentsAsync()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Homeoffice Bereiche"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed);
        await SurveySeed.AnswersAsync(Bot, wave, 23, i => SurveySeed.Answer(s, department: i < 12 ? 0 : i < 15 ? 1 : 2, days: 2, tools: 1, satisfaction: 4, hours: 10));
        return (s, wave);
    }

    [Fact]
    public async Task Show_ByDeclaredDepartment_SmallGroupAndItsGiveAwayWithheld()
    {
        var (s, _) = await DepartmentsAsync();

        var card = await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(s.Id, s.Satisfaction.Id, 1));

        Assert.Equal(Word.De("surveysResults.people", "23"), People(card, Word.De("surveysResults.overall")));
        Assert.Equal(Word.De("surveysResults.people", "12"), People(card, SurveySeed.Departments[0]));
        Assert.Equal(Word.De("smallGroups.fewerThan", 5), People(card, SurveySeed.Departments[1]));
        // 23 - 12 - 8 = 3 people: showing Finanzen (8) would let anyone subtract their way to Bauen.
        Assert.Equal(Word.De("smallGroups.withheld"), People(card, SurveySeed.Departments[2]));
        Assert.Equal(Word.De("smallGroups.fewerThan", 5), People(card, SurveySeed.Departments[3]));
        var words = Words(card);
        Assert.Contains(Word.De("surveysResults.breakdownIs", s.Department.Text), words, StringComparison.Ordinal);
        Assert.DoesNotContain("(3)", words, StringComparison.Ordinal);
        Assert.DoesNotContain("(8)", words, StringComparison.Ordinal);
        // The breakdown picker offers only "ohne Aufteilung" and the one declared breakdown.
        var picker = Objects(card).Single(o => o["id"]?.ToString() == "slot");
        Assert.Equal(["0", "1"], picker["choices"]!.AsArray().Select(c => c!["value"]!.ToString()));
    }

    [Fact]
    public async Task Show_UndeclaredSlotFromEditedPayload_RefusedAndLoggedWithoutPersonData()
    {
        var (s, _) = await DepartmentsAsync();

        foreach (var slot in new JsonNode[] { 2, 4, 7, -1, "abc" })
        {
            var card = await TrainingSeed.ClickAsync(Bot, Research, ShowResults.Verb, Show(s.Id, s.Days.Id, slot.DeepClone()));
            var words = Words(card);
            Assert.Contains(Word.De("surveysResults.undeclared"), words, StringComparison.Ordinal);
            Assert.DoesNotContain(Word.De("surveysResults.people", "23"), words, StringComparison.Ordinal);
        }
        var other = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Andere Umfrage"));
        var foreign = await TrainingSeed.ClickAsync(Bot, Research, ShowResults.Verb, Show(s.Id, other.Days.Id, 0));
        Assert.Contains(Word.De("surveysResults.unknown"), Words(foreign), StringComparison.Ordinal);

        var warnings = Bot.Logs.Lines.Where(l => l.Contains("did not declare", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, l =>
        {
            Assert.DoesNotContain(Research.AadObjectId, l, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Research.Name, l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task List_RunningWave_OnlyTheCountAndNoneUnderFive()
    {
        var few = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft mit wenigen"));
        var fewWave = await SurveySeed.WaveAsync(Bot, few.Id, []);
        await SurveySeed.AnswersAsync(Bot, fewWave, 4, i => SurveySeed.Answer(few, 0, 1, 1, 3, 5));
        var many = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft mit vielen"));
        var manyWave = await SurveySeed.WaveAsync(Bot, many.Id, []);
        await SurveySeed.AnswersAsync(Bot, manyWave, 7, i => SurveySeed.Answer(many, 0, 1, 1, 3, 5));
        var planned = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Noch geplant"));
        await SurveySeed.WaveAsync(Bot, planned.Id, [], WaveStatus.Planned);

        var list = await TrainingSeed.ClickAsync(Bot, Research, ShowResultsList.Verb);
        var shown = await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(many.Id, many.Days.Id, 0));

        var words = Words(list);
        Assert.Contains(Word.De("surveysResults.runningFew", 1, 5), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.running", 1, "7"), words, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysResults.running", 1, "4"), words, StringComparison.Ordinal);
        // Running only: no button to results that do not exist yet.
        Assert.DoesNotContain(Actions(list), a => a["data"]?["surveyId"]?.ToString() == few.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(await Bot.WithDbAsync(db => db.Surveys().Where(x => x.Id == planned.Id).Select(x => x.Title).SingleAsync()), words, StringComparison.Ordinal);
        var showWords = Words(shown);
        Assert.Contains(Word.De("surveysResults.noClosed"), showWords, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysResults.overall"), showWords, StringComparison.Ordinal);
        Assert.DoesNotContain(Objects(shown), o => o["type"]?.ToString() == "Image");
    }

    [Fact]
    public async Task Show_TwoClosedWaves_SideBySideWithDeltas()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Zwei Wellen"));
        var first = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 1);
        var second = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 2);
        await SurveySeed.AnswersAsync(Bot, first, 20, i => SurveySeed.Answer(s, 0, days: i < 10 ? 2 : 3, 1, satisfaction: 4, 10));
        await SurveySeed.AnswersAsync(Bot, second, 20, i => SurveySeed.Answer(s, 0, days: i < 15 ? 2 : 3, 1, satisfaction: 3, 10));

        var days = Facts(await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(s.Id, s.Days.Id)));
        var satisfaction = Facts(await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(s.Id, s.Satisfaction.Id)));

        string Wave(int n, string value) => Word.De("surveysResults.waveValue", n, value);
        Assert.Equal(Wave(1, Word.De("surveysResults.percent", "50", "10")) + " · "
            + Wave(2, Word.De("surveysResults.percent", "75", "15") + ", " + Word.De("surveysResults.delta", "+25")), days["2"]);
        Assert.Equal(Wave(1, Word.De("surveysResults.percent", "50", "10")) + " · "
            + Wave(2, Word.De("surveysResults.percent", "25", "5") + ", " + Word.De("surveysResults.delta", "−25")), days["3"]);
        Assert.Equal(Wave(1, Word.De("smallGroups.fewerThan", 5)) + " · " + Wave(2, Word.De("smallGroups.fewerThan", 5)), days["0"]);
        Assert.Equal(Wave(1, "4,0") + " · " + Wave(2, "3,0 (−1,0)"), satisfaction[Word.De("surveysResults.mean")]);
    }

    [Fact]
    public async Task Show_FreeText_NineWithheldTenShown()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Freitext"));
        var first = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 1);
        var second = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed, number: 2);
        await SurveySeed.AnswersAsync(Bot, first, 12, i => SurveySeed.Answer(s, 0, 1, 1, 3, 5, i < 9 ? $"Erste Welle Wunsch {i}" : null));
        await SurveySeed.AnswersAsync(Bot, second, 12, i => SurveySeed.Answer(s, 0, 1, 1, 3, 5, i < 10 ? $"Zweite Welle Wunsch {i}" : null));

        var card = await TrainingSeed.ClickAsync(Bot, Research, ShowResults.Verb, Show(s.Id, s.Change.Id));

        var words = Words(card);
        Assert.Contains(Word.De("surveysResults.wave", 1) + ": " + Word.De("surveysResults.textsFew", 10), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.wave", 2) + ": " + Word.De("surveysResults.textsAll", 10), words, StringComparison.Ordinal);
        Assert.DoesNotContain("Erste Welle Wunsch", words, StringComparison.Ordinal);
        for (var i = 0; i < 10; i++) Assert.Contains($"Zweite Welle Wunsch {i}", words, StringComparison.Ordinal);
        Assert.DoesNotContain(Objects(card), o => o["type"]?.ToString() == "Image");
    }

    [Fact]
    public async Task Show_FreeTextByDepartment_TextsOnlyOverallOnceEachWithTheNotByGroupNote()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Freitext aufgeteilt"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed);
        // 7 in Bürgerdienste, 2 in Bauen, 3 in Finanzen; 11 write something (from 10 the texts are shown).
        await SurveySeed.AnswersAsync(Bot, wave, 12, i => SurveySeed.Answer(s, i < 7 ? 0 : i < 9 ? 1 : 2, 1, 1, 3, 5,
            i < 11 ? $"Wunsch-{i:00}" : null));

        var card = await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(s.Id, s.Change.Id, 1));

        var words = Words(card);
        Assert.Contains(Word.De("surveysResults.textsAll", 11) + " " + Word.De("surveysResults.textsByGroup"), words, StringComparison.Ordinal);
        for (var i = 0; i < 11; i++)
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(words, $"Wunsch-{i:00}"));
        Assert.All(SurveySeed.Departments[..3], d => Assert.DoesNotContain(d, words, StringComparison.Ordinal));
        Assert.DoesNotContain(Objects(card), o => o["type"]?.ToString() == "Image");
    }

    [Fact]
    public async Task Chart_LinkOnTheCard_ValidPngAndRefusedWhenExpiredForgedOrStaff()
    {
        var (s, _) = await DepartmentsAsync();
        var card = await TrainingSeed.ClickAsync(Bot, Research, ShowResults.Verb, Show(s.Id, s.Days.Id, 1));
        var path = ChartPath(card);
        var image = Objects(card).Single(o => o["type"]?.ToString() == "Image");
        Assert.Equal(Word.De("surveysResults.chartAlt", s.Days.Text), image["altText"]!.ToString());
        Assert.Contains(Word.De("surveysResults.percent", "100", "23"), Words(card), StringComparison.Ordinal);

        using var response = await Bot.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.True(png.Length > 2000);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.Equal(ResultsChart.Width, width);

        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();
        var target = new ChartTarget(s.Days.Id, 1, "de");
        string For(Persona p, DateTime at) => "/charts/surveys/" + links.Token(ChartLinks.Grant(new LabUser(BotFixture.TenantId, p.AadObjectId), target, at)) + ".png";
        var token = path["/charts/surveys/".Length..^".png".Length];
        var tampered = "/charts/surveys/" + token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..] + ".png";
        var undeclared = "/charts/surveys/" + links.Token(ChartLinks.Grant(new LabUser(BotFixture.TenantId, Research.AadObjectId), new ChartTarget(s.Days.Id, 3, "de"), DateTime.UtcNow)) + ".png";
        foreach (var (bad, status) in new[]
                 {
                     (For(Erika, DateTime.UtcNow), 403), (For(LabTeam, DateTime.UtcNow), 403),
                     (For(Research, DateTime.UtcNow - ChartLinks.Validity - TimeSpan.FromSeconds(1)), 404), (tampered, 404), (undeclared, 404),
                 })
        {
            using var refused = await Bot.Http.GetAsync(bad);
            Assert.Equal(status, (int)refused.StatusCode);
            Assert.NotEqual("image/png", refused.Content.Headers.ContentType?.MediaType);
        }
        using var innovation = await Bot.Http.GetAsync(For(Innovation, DateTime.UtcNow));
        Assert.Equal(System.Net.HttpStatusCode.OK, innovation.StatusCode);
    }

    [Fact]
    public async Task Publish_ConfirmedByInes_ErikaReadsSummaryWithoutBreakdownOrTexts()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Veröffentlichen"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed);
        await SurveySeed.AnswersAsync(Bot, wave, 12, i => SurveySeed.Answer(s, i < 6 ? 0 : 2, days: 2, 1, 4, 10, $"Geheimer Wunsch {i}"));
        var version = await Bot.WithDbAsync(db => db.Surveys().Where(x => x.Id == s.Id).Select(x => x.Version).SingleAsync());
        var publish = new JsonObject { ["surveyId"] = s.Id, ["waveId"] = wave, ["version"] = version };

        var before = await TrainingSeed.ClickAsync(Bot, Erika, ShowSummary.Verb, new JsonObject { ["waveId"] = wave });
        var rita = await TrainingSeed.ClickAsync(Bot, Research, PublishSummary.Verb, (JsonObject)publish.DeepClone());
        var confirm = await TrainingSeed.ClickAsync(Bot, Innovation, PublishSummary.Verb, (JsonObject)publish.DeepClone());
        var stale = (JsonObject)publish.DeepClone();
        stale["version"] = version - 1;
        stale["confirmed"] = true;
        var staleCard = await TrainingSeed.ClickAsync(Bot, Innovation, PublishSummary.Verb, stale);
        var stillHidden = await TrainingSeed.ClickAsync(Bot, Erika, ShowSummary.Verb, new JsonObject { ["waveId"] = wave });
        var confirmed = (JsonObject)publish.DeepClone();
        confirmed["confirmed"] = true;
        var done = await TrainingSeed.ClickAsync(Bot, Innovation, PublishSummary.Verb, confirmed);
        var summary = await TrainingSeed.ClickAsync(Bot, Erika, ShowSummary.Verb, new JsonObject { ["waveId"] = wave });

        Assert.Contains(Word.De("surveysResults.notPublished"), Words(before), StringComparison.Ordinal);
        Assert.Contains(Word.De("denied.title"), Words(rita), StringComparison.Ordinal);
        Assert.Contains("Alle Beschäftigten sehen dann die Zusammenfassung ohne Aufteilung", Words(confirm), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.stale"), Words(staleCard), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.notPublished"), Words(stillHidden), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysResults.publishedNow", 1), Words(done), StringComparison.Ordinal);
        var stored = await Bot.WithDbAsync(db => db.SurveyWaves().SingleAsync(w => w.Id == wave));
        Assert.True(stored.SummaryPublished);
        Assert.NotNull(stored.PublishedAtUtc);

        var words = Words(summary);
        Assert.Contains(s.Days.Text, words, StringComparison.Ordinal);
        Assert.Equal(Word.De("surveysResults.percent", "100", "12"), Facts(summary)["2"]);
        Assert.DoesNotContain("Geheimer Wunsch", words, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Change.Text, words, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysResults.breakdownIs", s.Department.Text), words, StringComparison.Ordinal);
        Assert.DoesNotContain(Objects(summary), o => o["type"]?.ToString() == "Image");
    }

    [Fact]
    public async Task Results_Erika_DeniedOnListShowAndCommand()
    {
        var (s, _) = await DepartmentsAsync();

        var list = await TrainingSeed.ClickAsync(Bot, Erika, ShowResultsList.Verb);
        var show = await TrainingSeed.ClickAsync(Bot, Erika, ShowResults.Verb, Show(s.Id, s.Days.Id));

        foreach (var card in new[] { list, show })
        {
            Assert.Contains(Word.De("denied.title"), Words(card), StringComparison.Ordinal);
            Assert.DoesNotContain(Word.De("surveysResults.people", "23"), Words(card), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Show_ExportLog_ListedRawButtonOnlyForTheResearchPartner()
    {
        var (s, _) = await DepartmentsAsync();
        await Bot.WithDbAsync(async db =>
        {
            db.SurveyExports().Add(new SurveyExport { SurveyId = s.Id, Kind = SurveyExportKind.ResultsXlsx, ByAadObjectId = Research.AadObjectId, ByName = Research.Name, AtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var rita = await TrainingSeed.ClickAsync(Bot, Research, ShowResults.Verb, Show(s.Id));
        var ines = await TrainingSeed.ClickAsync(Bot, Innovation, ShowResults.Verb, Show(s.Id));

        Assert.Equal(Facts(rita)[Word.De("surveysResults.kind.resultsXlsx")], Facts(ines)[Word.De("surveysResults.kind.resultsXlsx")]);
        Assert.StartsWith(Research.Name + ": ", Facts(rita)[Word.De("surveysResults.kind.resultsXlsx")], StringComparison.Ordinal);
        Assert.Contains("surveysExport.raw", Verbs(rita));
        Assert.DoesNotContain("surveysExport.raw", Verbs(ines));
        Assert.Contains("surveysExport.results", Verbs(ines));
        Assert.Contains(PublishSummary.Verb, Verbs(ines));
        Assert.DoesNotContain(PublishSummary.Verb, Verbs(rita));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class ResultsTests_Sqlite(SqliteSurveysBot bot) : ResultsTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class ResultsTests_Postgres(PostgresSurveysBot bot) : ResultsTests<PostgresSurveysBot>(bot);
