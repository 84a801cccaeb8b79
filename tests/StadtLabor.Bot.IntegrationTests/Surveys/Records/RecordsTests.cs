using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Records;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Records;

/// <summary>
/// "meine daten", the privacy card, the retention and the demo data of surveys, over HTTP where a person sees it, on
/// SQLite and PostgreSQL. Erika from the Ordnungsamt answered one wave and has a draft in another; Ines from the
/// innovation department created the survey and exported results.
/// </summary>
public abstract class RecordsTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    // Fresh people per test: the database is shared by the collection, and counts must be theirs alone.
    private static Persona NewPersona(string id, string name) => new($"29:{id}-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    private sealed record World(Persona Erika, Persona Ines, SeededSurvey Survey, long Answered, long Drafting);

    private async Task<World> ArrangeAsync()
    {
        var erika = NewPersona("erika", "Mustermann, Erika");
        var ines = NewPersona("ines", "Innovation, Ines");
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Homeoffice"), x => { x.CreatedByAadObjectId = ines.AadObjectId; x.CreatedByName = ines.Name; });
        var answered = await SurveySeed.WaveAsync(Bot, s.Id, [erika, Colleague(1990)]);
        var drafting = await SurveySeed.WaveAsync(Bot, s.Id, [erika, Colleague(1991)], number: 2);
        var raw = new Dictionary<long, string>
        {
            [s.Department.Id] = "1", [s.Days.Id] = "3", [s.Tools.Id] = "0", [s.Satisfaction.Id] = "5", [s.Hours.Id] = "7",
            [s.Change.Id] = "Geheime Antwort 7f3a",
        };
        var result = await SurveySeed.SubmitAsync(Bot, erika, answered, raw);
        Assert.Equal(SubmitOutcome.Stored, result.Outcome);
        await Bot.WithDbAsync(db =>
        {
            db.SurveyDrafts().Add(new SurveyDraft { WaveId = drafting, UserAadObjectId = erika.AadObjectId, Answers = SurveyAnswers.WriteDraft(new Dictionary<long, string> { [s.Days.Id] = "4" }), UpdatedAtUtc = DateTime.UtcNow });
            db.SurveyExports().Add(new SurveyExport { SurveyId = s.Id, Kind = SurveyExportKind.ResultsCsv, ByAadObjectId = ines.AadObjectId, ByName = ines.Name, AtUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        return new World(erika, ines, s, answered, drafting);
    }

    private static string What(string kind) => Word.De($"privacy.data.{kind}.what");

    private static string CountOf(JsonObject card, string what) =>
        Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Container" && o["items"]?[0]?["text"]?.GetValue<string>() == what)
            .Select(o => o["items"]![1]!["facts"]![0]!["value"]!.GetValue<string>())
            .Single();

    private static IEnumerable<JsonNode> Walk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(Walk)),
        _ => [node],
    };

    private async Task<JsonNode> DownloadAsync(Persona p)
    {
        var link = Walk(await ClickAsync(Bot, p, "privacy.myData")).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)
            .Single(u => u.EndsWith(".json", StringComparison.Ordinal));
        return JsonNode.Parse(await Bot.Http.GetStringAsync(link))!;
    }

    private static JsonArray Records(JsonNode download, string kind) =>
        download["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == kind)!["records"]!.AsArray();

    [Fact]
    public async Task MyData_ErikaInvitedTwiceWithDraft_CountsParticipationAndSaysAnswersAreNotHers()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, w.Erika, "privacy.myData");
        var ines = await ClickAsync(Bot, w.Ines, "privacy.myData");

        Assert.Equal("2", CountOf(card, What(SurveysPersonalData.Invitations)));
        Assert.Equal("1", CountOf(card, What(SurveysPersonalData.Drafts)));
        Assert.Contains(Word.De("privacy.data.surveysInvitations.howLong", Word.De("time.year.other", 2)), Words(card), StringComparison.Ordinal);
        // Her answers are named among what is not stored about her, with the reason.
        Assert.Contains("• " + What(SurveysPersonalData.Answers), Words(card), StringComparison.Ordinal);
        Assert.Equal("1", CountOf(ines, What(SurveysPersonalData.Created)));
        Assert.Equal("1", CountOf(ines, What(SurveysPersonalData.Exports)));
    }

    [Fact]
    public async Task Download_Erika_InvitationsWithPendingAndHerDraftButNoSentAnswer()
    {
        var w = await ArrangeAsync();

        var hers = await DownloadAsync(w.Erika);

        var invitations = Records(hers, SurveysPersonalData.Invitations);
        Assert.Equal([(1, false), (2, true)], invitations.Select(r => (r!["wave"]!.GetValue<int>(), r["pending"]!.GetValue<bool>())).Order());
        var draft = Assert.Single(Records(hers, SurveysPersonalData.Drafts));
        Assert.Equal("4", draft!["answers"]![w.Survey.Days.Text]!.GetValue<string>());
        var text = hers.ToJsonString();
        Assert.DoesNotContain("Geheime Antwort", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Colleague(1990).AadObjectId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(w.Ines.AadObjectId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_ErikaAndInes_ParticipationGoneAnswerStaysNamesGoneTwiceNothing()
    {
        var w = await ArrangeAsync();
        var answersBefore = await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == w.Answered && r.Filled));

        var card = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");
        var again = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");
        var ines = await ClickAsync(Bot, w.Ines, "privacy.eraseConfirmed");

        Assert.Contains(Word.De("privacy.kept.surveysAnswersStay"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("privacy.kept.surveysAnswersStay"), Words(again), StringComparison.Ordinal);
        Assert.Contains(Word.De("privacy.kept.surveysCreatedStay"), Words(ines), StringComparison.Ordinal);
        Assert.Contains(Word.De("privacy.kept.surveysExportsStay"), Words(ines), StringComparison.Ordinal);
        var id = w.Erika.AadObjectId;
        Assert.Equal((0, 0, 0), await Bot.WithDbAsync(async db => (
            await db.SurveyInvitees().CountAsync(i => i.UserAadObjectId == id),
            await db.SurveyPending().CountAsync(p => p.UserAadObjectId == id),
            await db.SurveyDrafts().CountAsync(d => d.UserAadObjectId == id))));
        // Her answer was never linked to her: it stays, and so do the colleague's invitations.
        Assert.Equal(answersBefore, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == w.Answered && r.Filled)));
        Assert.Equal(2, await Bot.WithDbAsync(db => db.SurveyPending().CountAsync(p => p.WaveId == w.Answered || p.WaveId == w.Drafting)));
        var survey = await Bot.WithDbAsync(db => db.Surveys().SingleAsync(s => s.Id == w.Survey.Id));
        Assert.Equal(("", ""), (survey.CreatedByAadObjectId, survey.CreatedByName));
        var export = await Bot.WithDbAsync(db => db.SurveyExports().SingleAsync(x => x.SurveyId == w.Survey.Id));
        Assert.Equal(("", ""), (export.ByAadObjectId, export.ByName));
    }

    [Fact]
    public async Task Purge_WavesClosedTwoYearsAgo_AnswersAndParticipationGoneRecentKeptDraftsOfClosedGoneAtOnce()
    {
        var now = DateTime.UtcNow;
        var erika = NewPersona("erika", "Mustermann, Erika");
        var old = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Alt"));
        var oldWave = await SurveySeed.WaveAsync(Bot, old.Id, [erika, Colleague(1992)]);
        var mixed = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Zwei Runden"));
        var expiredWave = await SurveySeed.WaveAsync(Bot, mixed.Id, [erika]);
        var recentWave = await SurveySeed.WaveAsync(Bot, mixed.Id, [erika], number: 2);
        await Bot.WithDbAsync(async db =>
        {
            await db.SurveyWaves().Where(w => w.Id == oldWave || w.Id == expiredWave)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WaveStatus.Closed).SetProperty(w => w.ClosedAtUtc, now.AddDays(-731)));
            await db.SurveyWaves().Where(w => w.Id == recentWave)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WaveStatus.Closed).SetProperty(w => w.ClosedAtUtc, now.AddDays(-729)));
            db.SurveyDrafts().Add(new SurveyDraft { WaveId = recentWave, UserAadObjectId = erika.AadObjectId, UpdatedAtUtc = now });
            db.SurveyExports().AddRange(
                new SurveyExport { SurveyId = old.Id, ByAadObjectId = Research.AadObjectId, AtUtc = now.AddDays(-740) },
                new SurveyExport { SurveyId = mixed.Id, ByAadObjectId = Research.AadObjectId, AtUtc = now.AddDays(-740) });
            return await db.SaveChangesAsync();
        });

        await using (var scope = Bot.App.Services.CreateAsyncScope())
        {
            var policy = Assert.Single(scope.ServiceProvider.GetServices<IRetentionPolicy>().OfType<PurgeSurveys>());
            var days = scope.ServiceProvider.GetRequiredService<IOptions<PrivacyOptions>>().Value.DaysFor(policy);
            Assert.Equal(730, days);
            await policy.PurgeAsync(now.AddDays(-days), CancellationToken.None);
            await policy.PurgeAsync(now.AddDays(-days), CancellationToken.None);
        }

        long[] expired = [oldWave, expiredWave];
        Assert.Equal((0, 0, 0, 0), await Bot.WithDbAsync(async db => (
            await db.SurveyResponses().CountAsync(r => expired.Contains(r.WaveId)),
            await db.SurveyValues().CountAsync(v => expired.Contains(v.WaveId)),
            await db.SurveyInvitees().CountAsync(i => expired.Contains(i.WaveId)),
            await db.SurveyPending().CountAsync(p => expired.Contains(p.WaveId)))));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.SurveyInvitees().CountAsync(i => i.WaveId == recentWave)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyDrafts().AnyAsync(d => d.WaveId == recentWave)));
        // The export log goes with the survey's last wave: the old survey's, not the one with a recent wave.
        Assert.Equal([mixed.Id], await Bot.WithDbAsync(db => db.SurveyExports().Where(x => x.SurveyId == old.Id || x.SurveyId == mixed.Id).Select(x => x.SurveyId).ToListAsync()));
        Assert.True(await Bot.WithDbAsync(db => db.Surveys().AnyAsync(s => s.Id == old.Id)));
    }

    [Fact]
    public async Task Notice_Datenschutz_ListsSurveysWithTwoYears()
    {
        var card = await ClickAsync(Bot, NewPersona("erika", "Mustermann, Erika"), "privacy.notice");

        Assert.Contains(Word.De("privacy.kinds.surveys.howLong", Word.De("time.year.other", 2)), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SeededTwice_ThreeHundredAnswersOnceSecondWaveMoreAtHomeSmallGroupWithheld()
    {
        var installed = NewPersona("alex", "Wilber, Alex");
        await Bot.WithDbAsync(db =>
        {
            db.Set<StadtLabor.Bot.Features.Installations.Installation>().Add(new StadtLabor.Bot.Features.Installations.Installation
            {
                ConversationId = "a:demo-" + installed.AadObjectId, ServiceUrl = Bot.Connector.ServiceUrl, TenantId = BotFixture.TenantId,
                ConversationType = "personal", UserId = installed.Id, UserAadObjectId = installed.AadObjectId, Active = true,
                InstalledAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        Task<(int Answers, int Invited)> SeedAsync() => Bot.WithDbAsync(db =>
        {
            var services = Bot.App.Services;
            return DemoSurveys.SeedAsync(db, services.GetRequiredService<Strings>(), services.GetRequiredService<IOptions<SurveysOptions>>().Value, DateTime.UtcNow, CancellationToken.None);
        });

        var first = await SeedAsync();
        var second = await SeedAsync();

        Assert.Equal(DemoSurveys.WaveSizes.Sum(), first.Answers);
        Assert.Equal(0, second.Answers);
        Assert.Equal(0, second.Invited);
        var survey = await Bot.WithDbAsync(db => db.Surveys().SingleAsync(s => s.Title == DemoSurveys.ClosedTitle));
        var waves = await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.SurveyId == survey.Id).OrderBy(w => w.Number).ToListAsync());
        Assert.All(waves, w => Assert.Equal(WaveStatus.Closed, w.Status));
        var days = await Bot.WithDbAsync(db => db.SurveyQuestions().SingleAsync(q => q.SurveyId == survey.Id && q.Kind == QuestionKind.Number));
        var mean = await Bot.WithDbAsync(async db => await db.SurveyValues().Where(v => v.QuestionId == days.Id).GroupBy(v => v.WaveId)
            .Select(g => new { Wave = g.Key, Mean = g.Average(v => (double)v.Number!) }).ToDictionaryAsync(x => x.Wave, x => x.Mean));
        Assert.True(mean[waves[1].Id] > mean[waves[0].Id] + 0.2, $"{mean[waves[0].Id]} -> {mean[waves[1].Id]}");
        var department = await Bot.WithDbAsync(db => db.SurveyQuestions().SingleAsync(q => q.SurveyId == survey.Id && q.BreakdownSlot == 1));
        var figures = await Bot.WithDbAsync(db => Bot.App.Services.CreateScope().ServiceProvider.GetRequiredService<SurveyResults>()
            .QuestionAsync(days.Id, [waves[0].Id], 1, CancellationToken.None));
        Assert.Equal(3, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == waves[0].Id && r.Group1 == 4)));
        // The demo shows suppression: the department group of 3 is withheld in wave 1, with every figure inside it, and
        // some other figure with it, so the overall minus the shown groups does not give its 3 people back.
        var wave1 = Assert.Single(figures!).Figures;
        var small = Assert.Single(wave1.Groups, g => g.Key == QuestionTable.GroupKey(4));
        Assert.Equal((StadtLabor.Bot.Features.Privacy.SmallGroups.Withheld.TooFew, (int?)null, (double?)null), (small.Why, small.People, small.Mean));
        Assert.All(small.Options, o => Assert.Equal((false, (int?)null), (o.Shown, o.Count)));
        Assert.Contains(wave1.Groups, g => g.Shown && g.People >= 5);
        Assert.True(!wave1.Overall.Shown || wave1.Groups.Any(g => g.Key != small.Key && !g.Shown), "a second group or the overall figure is withheld too");
        var texts = await Bot.WithDbAsync(db => db.SurveyValues().CountAsync(v => v.WaveId == waves[0].Id && v.Text != null));
        Assert.InRange(texts, 10, 60);
        // Stored like real answers: no empty slot left after the close, no person at any answer.
        Assert.False(await Bot.WithDbAsync(db => db.SurveyResponses().AnyAsync(r => (r.WaveId == waves[0].Id || r.WaveId == waves[1].Id) && !r.Filled)));
        var open = await Bot.WithDbAsync(db => db.Surveys().SingleAsync(s => s.Title == DemoSurveys.OpenTitle));
        var openWave = await Bot.WithDbAsync(db => db.SurveyWaves().SingleAsync(w => w.SurveyId == open.Id));
        Assert.Equal(WaveStatus.Running, openWave.Status);
        Assert.True(await Bot.WithDbAsync(db => db.SurveyPending().AnyAsync(p => p.WaveId == openWave.Id && p.UserAadObjectId == installed.AadObjectId)));
        Assert.Equal(await Bot.WithDbAsync(db => db.SurveyInvitees().CountAsync(i => i.WaveId == openWave.Id)),
            await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == openWave.Id && !r.Filled)));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class RecordsTests_Sqlite(SqliteSurveysBot bot) : RecordsTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class RecordsTests_Postgres(PostgresSurveysBot bot) : RecordsTests<PostgresSurveysBot>(bot);
