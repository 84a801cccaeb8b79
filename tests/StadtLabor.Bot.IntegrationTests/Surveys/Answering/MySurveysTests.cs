using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Answering.AnswerFlow;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Answering;

/// <summary>
/// "umfragen": the surveys for me in each state (open, begun, answered), the published summaries (for every staff
/// member, invited or not), nothing else; in a group
/// chat it goes to the 1:1 chat; "meine termine" names the open ones. Colleagues 1400-1499.
/// </summary>
public abstract class MySurveysTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static JsonObject? Action(JsonObject card, string verb, long waveId) =>
        Actions(card).SingleOrDefault(a => a["verb"]!.GetValue<string>() == verb && a["data"]?["waveId"]?.GetValue<long>() == waveId);

    [Fact]
    public async Task List_EveryState_OpenBegunAnsweredPublishedAndNothingElse()
    {
        var erika = TrainingSeed.Colleague(1400);
        var open = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Offen"));
        var openWave = await SurveySeed.WaveAsync(Bot, open.Id, [erika]);
        var begun = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Angefangen"));
        var begunWave = await SurveySeed.WaveAsync(Bot, begun.Id, [erika]);
        await TrainingSeed.ClickAsync(Bot, erika, "surveys.page", Page(begunWave, 0, "next", FirstPage(begun)));
        var answered = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Beantwortet"));
        var answeredWave = await SurveySeed.WaveAsync(Bot, answered.Id, [erika]);
        await TrainingSeed.ClickAsync(Bot, erika, "surveys.submit", Submit(answeredWave, 1, [.. FirstPage(answered), .. SecondPage(answered)]));
        var published = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Veröffentlicht"));
        var publishedWave = await SurveySeed.WaveAsync(Bot, published.Id, [erika]);
        await SurveySeed.CloseAsync(Bot, publishedWave);
        await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == publishedWave).ExecuteUpdateAsync(u => u.SetProperty(w => w.SummaryPublished, true)));
        var quiet = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Still beendet"));
        var quietWave = await SurveySeed.WaveAsync(Bot, quiet.Id, [erika]);
        await SurveySeed.CloseAsync(Bot, quietWave);
        var others = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Nicht eingeladen"));
        var othersWave = await SurveySeed.WaveAsync(Bot, others.Id, [TrainingSeed.Colleague(1401)]);
        // Published means for all staff: Erika was not invited to this one and still sees its summary.
        var forAll = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Für alle veröffentlicht"));
        var forAllWave = await SurveySeed.WaveAsync(Bot, forAll.Id, [TrainingSeed.Colleague(1401)]);
        await SurveySeed.CloseAsync(Bot, forAllWave);
        await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == forAllWave).ExecuteUpdateAsync(u => u.SetProperty(w => w.SummaryPublished, true)));
        var titles = await Bot.WithDbAsync(db => db.Surveys().Where(x => new[] { open.Id, begun.Id, answered.Id, published.Id, quiet.Id, others.Id, forAll.Id }.Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => x.Title));
        var closesOn = await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == openWave).Select(w => w.ClosesOn).SingleAsync());

        var card = await TrainingSeed.ClickAsync(Bot, erika, "surveys.list", []);

        var words = Words(card);
        Assert.Equal(Word.De("surveysAnswer.list.answer", titles[open.Id]), Action(card, "surveys.answer", openWave)!["title"]!.GetValue<string>());
        Assert.Contains(Word.De("surveysAnswer.list.closesOn", Wording.Day("de", closesOn)), words, StringComparison.Ordinal);
        Assert.Equal(Word.De("surveysAnswer.list.resume", 2, 2, titles[begun.Id]), Action(card, "surveys.answer", begunWave)!["title"]!.GetValue<string>());
        Assert.Contains(titles[answered.Id], words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAnswer.list.thanks"), words, StringComparison.Ordinal);
        Assert.Null(Action(card, "surveys.answer", answeredWave));
        Assert.Equal(Word.De("surveysAnswer.list.summary", titles[published.Id]), Action(card, "surveys.summary", publishedWave)!["title"]!.GetValue<string>());
        Assert.Equal(Word.De("surveysAnswer.list.summary", titles[forAll.Id]), Action(card, "surveys.summary", forAllWave)!["title"]!.GetValue<string>());
        Assert.DoesNotContain(titles[quiet.Id], words, StringComparison.Ordinal);
        Assert.DoesNotContain(titles[others.Id], words, StringComparison.Ordinal);
        Assert.Null(Action(card, "surveys.answer", othersWave));
        Assert.DoesNotContain(Word.De("surveysAnswer.list.empty"), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NothingToAnswer_FriendlyLineAndOnlyPublishedSummaries()
    {
        // Other tests share the database: summaries published there may be listed too, nothing else may.
        var card = await TrainingSeed.ClickAsync(Bot, TrainingSeed.Colleague(1402), "surveys.list", []);

        Assert.Contains(Word.De("surveysAnswer.list.empty"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysAnswer.list.open"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysAnswer.list.answered"), Words(card), StringComparison.Ordinal);
        Assert.Equal("menu.show", Verbs(card)[^1]);
        Assert.All(Verbs(card).SkipLast(1), v => Assert.Equal("surveys.summary", v));
        var listed = Actions(card).Where(a => a["verb"]!.GetValue<string>() == "surveys.summary").Select(a => a["data"]!["waveId"]!.GetValue<long>()).ToList();
        var published = await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => listed.Contains(w.Id)).CountAsync(w => w.Status == WaveStatus.Closed && w.SummaryPublished));
        Assert.Equal(listed.Count, published);
    }

    [Fact]
    public async Task List_TypedInGroupChat_SentToThePersonalChatOnly()
    {
        var erika = TrainingSeed.Colleague(1403);
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Geheim"));
        await SurveySeed.WaveAsync(Bot, s.Id, [erika]);
        var group = "19:" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var typed = Activities.Message(Bot, erika, "umfragen", group, "groupChat");

        await Bot.PostAsync(typed);
        var reply = await Bot.Connector.WaitForReplyToAsync(group, typed["id"]!.GetValue<string>());

        Assert.Null(CardIn(reply));
        Assert.Equal(Word.De("error.privateReply"), reply.Body!["text"]!.GetValue<string>());
        var sent = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().SingleAsync(m => m.DedupeKey == "surveys.list:" + typed["id"]!.GetValue<string>()));
        Assert.Equal(erika.AadObjectId, sent.UserAadObjectId);
        // The stored activity escapes umlauts; the title is plain ASCII.
        var title = await Bot.WithDbAsync(db => db.Surveys().Where(x => x.Id == s.Id).Select(x => x.Title).SingleAsync());
        Assert.Contains(title, sent.ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyItems_OpenSurvey_LineWithItsEndAndAButtonToTheList()
    {
        var erika = TrainingSeed.Colleague(1404);
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Termine"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [erika]);
        var (title, closesOn) = await Bot.WithDbAsync(async db => (
            await db.Surveys().Where(x => x.Id == s.Id).Select(x => x.Title).SingleAsync(),
            await db.SurveyWaves().Where(w => w.Id == wave).Select(w => w.ClosesOn).SingleAsync()));

        var card = await TrainingSeed.ClickAsync(Bot, erika, "myitems.show", []);

        Assert.Contains(Word.De("surveysAnswer.section.line", title, Wording.Day("de", closesOn)), Words(card), StringComparison.Ordinal);
        Assert.Contains("surveys.list", Verbs(card));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class MySurveysTests_Sqlite(SqliteSurveysBot bot) : MySurveysTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class MySurveysTests_Postgres(PostgresSurveysBot bot) : MySurveysTests<PostgresSurveysBot>(bot);
