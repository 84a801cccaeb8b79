using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Answering.AnswerFlow;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Answering;

/// <summary>
/// Answering in the chat, on both databases: page by page with a draft that keeps what was typed, checks per page,
/// one answer however often "Absenden" arrives, stored exactly as chosen and without a trace of when, and clear
/// cards for every way it cannot go on. Colleagues 1300-1399.
/// </summary>
public abstract class AnsweringTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private Task<JsonObject> Click(Activities.Persona p, string verb, JsonObject data) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private async Task<(SeededSurvey Survey, long Wave)> RunningAsync(string title, params Activities.Persona[] invitees)
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique(title));
        return (s, await SurveySeed.WaveAsync(Bot, s.Id, invitees));
    }

    private Task<SurveyDraft?> DraftAsync(long wave, Activities.Persona p) =>
        Bot.WithDbAsync(db => db.SurveyDrafts().AsNoTracking().SingleOrDefaultAsync(d => d.WaveId == wave && d.UserAadObjectId == p.AadObjectId));

    private Task<bool> PendingAsync(long wave, Activities.Persona p) =>
        Bot.WithDbAsync(db => db.SurveyPending().AnyAsync(x => x.WaveId == wave && x.UserAadObjectId == p.AadObjectId));

    private Task<int> FilledAsync(long wave) => Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave && r.Filled));

    [Fact]
    public async Task Answer_Invitation_FirstPageWithProgressIntroAndInputs()
    {
        var erika = TrainingSeed.Colleague(1300);
        var (s, wave) = await RunningAsync("Erste Seite", erika);

        var card = await Click(erika, "surveys.answer", Wave(wave));

        var words = Words(card);
        Assert.Contains(Word.De("surveysAnswer.progress", 1, 2), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAnswer.intro"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.invitation.privacy", 5), words, StringComparison.Ordinal);
        Assert.Equal([Id(s.Department), Id(s.Days), Id(s.Tools)], FormCards.InputIds(card));
        var tools = FormCards.Input(card, Id(s.Tools));
        Assert.True(tools["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal("expanded", tools["style"]!.GetValue<string>());
        Assert.Equal(["0", "1", "2", "3"], tools["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.False(FormCards.Input(card, Id(s.Department))["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal(["surveys.page", "menu.show"], Verbs(card));
        Assert.Equal(Word.De("surveysAnswer.next", 2), Actions(card)[0]["title"]!.GetValue<string>());
        Assert.Null(await DraftAsync(wave, erika));
    }

    [Fact]
    public async Task Page_ForwardAndBack_ValuesKeptAndLastPageHasItsInputs()
    {
        var erika = TrainingSeed.Colleague(1301);
        var (s, wave) = await RunningAsync("Vor und zurück", erika);

        var second = await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s)));
        Assert.Contains(Word.De("surveysAnswer.progress", 2, 2), Words(second), StringComparison.Ordinal);
        Assert.Equal(["1 – gar nicht zufrieden", "2", "3", "4", "5 – sehr zufrieden"],
            FormCards.Input(second, Id(s.Satisfaction))["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        var hours = FormCards.Input(second, Id(s.Hours));
        Assert.Equal(("Input.Number", 0, 40), (hours["type"]!.GetValue<string>(), hours["min"]!.GetValue<int>(), hours["max"]!.GetValue<int>()));
        Assert.Contains("(0 bis 40)", hours["label"]!.GetValue<string>(), StringComparison.Ordinal);
        var text = FormCards.Input(second, Id(s.Change));
        Assert.True(text["isMultiline"]!.GetValue<bool>());
        Assert.Equal(SurveyLimits.FreeText, text["maxLength"]!.GetValue<int>());
        Assert.Equal(Word.De("surveysAnswer.optionalNotToPartner", "6. " + s.Change.Text), text["label"]!.GetValue<string>());
        Assert.Contains(Word.De("surveysAnswer.freeTextHint", 10), Words(second), StringComparison.Ordinal);
        Assert.Equal(["surveys.submit", "surveys.page", "menu.show"], Verbs(second));

        // "Zurück" with a half-filled page: saved as typed, not checked.
        var first = await Click(erika, "surveys.page", Page(wave, 1, "back", (s.Satisfaction, "4"), (s.Hours, ""), (s.Change, "")));
        Assert.Contains(Word.De("surveysAnswer.progress", 1, 2), Words(first), StringComparison.Ordinal);
        Assert.Equal(("1", "3", "0,2"), (Value(first, s.Department), Value(first, s.Days), Value(first, s.Tools)));
        Assert.DoesNotContain(Word.De("surveysAnswer.errorsTitle"), Words(first), StringComparison.Ordinal);

        var again = await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s)));
        Assert.Equal("4", Value(again, s.Satisfaction));
        Assert.Null(FormCards.Input(again, Id(s.Hours))["value"]);
        var draft = await DraftAsync(wave, erika);
        Assert.Equal(1, draft!.Page);
        Assert.Equal("4", SurveyAnswers.ReadDraft(draft.Answers)[s.Satisfaction.Id]);
    }

    [Fact]
    public async Task Page_NextWithMissingOrWrongAnswers_MessagesUnderFieldsValuesStay()
    {
        var erika = TrainingSeed.Colleague(1302);
        var (s, wave) = await RunningAsync("Prüfen", erika);

        var card = await Click(erika, "surveys.page", Page(wave, 0, "next", (s.Department, ""), (s.Days, "9"), (s.Tools, "0,1")));

        Assert.Contains(Word.De("surveysAnswer.progress", 1, 2), Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.De("surveys.answer.error.required"), FormCards.MessageUnder(card, Id(s.Department)));
        Assert.Equal(Word.De("surveys.answer.error.choice"), FormCards.MessageUnder(card, Id(s.Days)));
        Assert.Equal("", FormCards.MessageUnder(card, Id(s.Tools)));
        Assert.Contains(Word.De("surveysAnswer.errorLine", 1, Word.De("surveys.answer.error.required")), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal(("9", "0,1"), (Value(card, s.Days), Value(card, s.Tools)));
        Assert.Equal(0, (await DraftAsync(wave, erika))!.Page);

        var second = await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s)));
        var wrong = await Click(erika, "surveys.page", Page(wave, 1, "next", (s.Satisfaction, "3"), (s.Hours, "41"), (s.Change, new string('x', SurveyLimits.FreeText + 5))));
        Assert.Contains(Word.De("surveysAnswer.progress", 2, 2), Words(second), StringComparison.Ordinal);
        Assert.Equal(Word.De("surveys.answer.error.range"), FormCards.MessageUnder(wrong, Id(s.Hours)));
        Assert.Equal(Word.De("surveys.answer.error.tooLong"), FormCards.MessageUnder(wrong, Id(s.Change)));
        Assert.Equal(41, FormCards.Input(wrong, Id(s.Hours))["value"]!.GetValue<int>());
    }

    [Fact]
    public async Task Submit_WholeWay_ValuesStoredAsChosenDraftAndPendingGoneNoTrace()
    {
        var erika = TrainingSeed.Colleague(1303);
        var (s, wave) = await RunningAsync("Ganzer Weg", erika, TrainingSeed.Colleague(1304));
        await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s)));
        Assert.NotNull(await DraftAsync(wave, erika));
        var outboxBefore = await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.UserAadObjectId == erika.AadObjectId));
        var logsBefore = Bot.Logs.Lines.Count;

        var done = await Click(erika, "surveys.submit", Submit(wave, 1, SecondPage(s, text: "Mehr Headsets, bitte.")));

        Assert.Contains(Word.De("surveysAnswer.done.stored"), Words(done), StringComparison.Ordinal);
        Assert.Equal(["surveys.list", "menu.show"], Verbs(done));
        Assert.Null(await DraftAsync(wave, erika));
        Assert.False(await PendingAsync(wave, erika));
        var filled = await Bot.WithDbAsync(db => db.SurveyResponses().AsNoTracking().SingleAsync(r => r.WaveId == wave && r.Filled));
        var values = await Bot.WithDbAsync(db => db.SurveyValues().AsNoTracking().Where(v => v.ResponseId == filled.Id).ToDictionaryAsync(v => v.QuestionId));
        Assert.Equal(1, values[s.Department.Id].Choice);
        Assert.Equal(1, filled.Group1);
        Assert.Equal(3, values[s.Days.Id].Choice);
        Assert.Equal(0b101, values[s.Tools.Id].Choice);
        Assert.Equal(2, values[s.Satisfaction.Id].Choice);
        Assert.Equal(7, values[s.Hours.Id].Number);
        Assert.Equal("Mehr Headsets, bitte.", values[s.Change.Id].Text);
        // Nothing that records when this person answered: no message to them, no log line naming them.
        Assert.Equal(outboxBefore, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.UserAadObjectId == erika.AadObjectId)));
        Assert.DoesNotContain(Bot.Logs.Lines.Skip(logsBefore), l => l.Contains(erika.AadObjectId, StringComparison.Ordinal) || l.Contains("Headsets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_ThreeTimesAtOnce_OneAnswerAlreadyAnsweredCardsForTheOthers()
    {
        var erika = TrainingSeed.Colleague(1305);
        var (s, wave) = await RunningAsync("Dreimal klicken", erika, TrainingSeed.Colleague(1306), TrainingSeed.Colleague(1307));
        await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s)));

        var cards = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Click(erika, "surveys.submit", Submit(wave, 1, SecondPage(s)))));

        Assert.Single(cards, c => Words(c).Contains(Word.De("surveysAnswer.done.stored"), StringComparison.Ordinal));
        Assert.Equal(2, cards.Count(c => Words(c).Contains(Word.De("surveysAnswer.done.already"), StringComparison.Ordinal)));
        Assert.Equal(1, await FilledAsync(wave));
        var again = await Click(erika, "surveys.answer", Wave(wave));
        Assert.Contains(Word.De("surveysAnswer.done.alreadyTitle"), Words(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_KeptBetweenSessions_OpensOnItsPageWithTheValues()
    {
        var erika = TrainingSeed.Colleague(1308);
        var (s, wave) = await RunningAsync("Später weiter", erika);
        await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s, department: "2")));
        await Click(erika, "surveys.page", Page(wave, 1, "back", (s.Satisfaction, "5"), (s.Hours, "12"), (s.Change, "")));
        await Click(erika, "surveys.page", Page(wave, 0, "next", FirstPage(s, department: "2")));

        // Another day: the invitation's button again.
        var card = await Click(erika, "surveys.answer", Wave(wave));

        Assert.Contains(Word.De("surveysAnswer.progress", 2, 2), Words(card), StringComparison.Ordinal);
        Assert.Equal("5", Value(card, s.Satisfaction));
        Assert.Equal(12, FormCards.Input(card, Id(s.Hours))["value"]!.GetValue<int>());
        var done = await Click(erika, "surveys.submit", Submit(wave, 1, SecondPage(s, satisfaction: "5", hours: "12", text: "")));
        Assert.Contains(Word.De("surveysAnswer.done.stored"), Words(done), StringComparison.Ordinal);
        Assert.Null(await DraftAsync(wave, erika));
        var filled = await Bot.WithDbAsync(db => db.SurveyResponses().AsNoTracking().SingleAsync(r => r.WaveId == wave && r.Filled));
        Assert.Equal(2, filled.Group1);
        Assert.Null(await Bot.WithDbAsync(db => db.SurveyValues().Where(v => v.ResponseId == filled.Id && v.QuestionId == s.Change.Id).Select(v => v.Text).SingleAsync()));
    }

    [Fact]
    public async Task Submit_FirstPageNeverAnswered_BackToFirstPageWithMessagesNothingStored()
    {
        var erika = TrainingSeed.Colleague(1309);
        var (s, wave) = await RunningAsync("Sprung ans Ende", erika);

        var card = await Click(erika, "surveys.submit", Submit(wave, 1, SecondPage(s, satisfaction: "4")));

        Assert.Contains(Word.De("surveysAnswer.progress", 1, 2), Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.De("surveys.answer.error.required"), FormCards.MessageUnder(card, Id(s.Department)));
        Assert.Contains(Word.De("surveysAnswer.errorsTitle"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal(0, await FilledAsync(wave));
        Assert.True(await PendingAsync(wave, erika));
        var draft = await DraftAsync(wave, erika);
        Assert.Equal((0, "4"), (draft!.Page, SurveyAnswers.ReadDraft(draft.Answers)[s.Satisfaction.Id]));
    }

    [Fact]
    public async Task Answer_ClosedOrPlannedWave_NotOpenCardNothingWritten()
    {
        var erika = TrainingSeed.Colleague(1310);
        var (s, wave) = await RunningAsync("Schon zu", erika);
        await SurveySeed.CloseAsync(Bot, wave);
        var planned = await SurveySeed.WaveAsync(Bot, s.Id, [erika], WaveStatus.Planned, number: 2);

        foreach (var (verb, data) in new[] { ("surveys.answer", Wave(wave)), ("surveys.page", Page(wave, 0, "next", FirstPage(s))),
            ("surveys.submit", Submit(wave, 1, SecondPage(s))), ("surveys.answer", Wave(planned)) })
        {
            var card = await Click(erika, verb, data);
            Assert.Contains(Word.De("surveysAnswer.done.notRunningTitle"), Words(card), StringComparison.Ordinal);
        }
        Assert.Null(await DraftAsync(wave, erika));
        Assert.Equal(0, await FilledAsync(wave));
    }

    [Fact]
    public async Task Answer_NotInvited_NotInvitedCardNothingWritten()
    {
        var (s, wave) = await RunningAsync("Nicht für alle", TrainingSeed.Colleague(1311));
        var stranger = TrainingSeed.Colleague(1312);

        var open = await Click(stranger, "surveys.answer", Wave(wave));
        var page = await Click(stranger, "surveys.page", Page(wave, 0, "next", FirstPage(s)));
        var submit = await Click(stranger, "surveys.submit", Submit(wave, 1, [.. FirstPage(s), .. SecondPage(s)]));

        Assert.All([open, page, submit], c => Assert.Contains(Word.De("surveysAnswer.done.notInvitedTitle"), Words(c), StringComparison.Ordinal));
        Assert.Null(await DraftAsync(wave, stranger));
        Assert.Equal(0, await FilledAsync(wave));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-4")]
    [InlineData("987654321")]
    public async Task Answer_TamperedWaveId_NotOpenCard(string waveId)
    {
        var card = await Click(TrainingSeed.Colleague(1313), "surveys.answer", new JsonObject { ["waveId"] = waveId });

        Assert.Contains(Word.De("surveysAnswer.done.notRunningTitle"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_TamperedPageOrDirectionOrForeignInput_NothingSavedDraftPageShown()
    {
        var erika = TrainingSeed.Colleague(1314);
        var (s, wave) = await RunningAsync("Manipuliert", erika);
        var other = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Andere"));

        var farPage = await Click(erika, "surveys.page", Page(wave, 7, "next", FirstPage(s)));
        var sideways = await Click(erika, "surveys.page", Page(wave, 0, "sideways", FirstPage(s)));
        Assert.Null(await DraftAsync(wave, erika));
        Assert.All([farPage, sideways], c => Assert.Contains(Word.De("surveysAnswer.progress", 1, 2), Words(c), StringComparison.Ordinal));

        // An input of another survey, or of a later page, rides along: only this page's questions are kept.
        var data = Page(wave, 0, "next", FirstPage(s));
        data[Id(other.Department)] = "3";
        data[Id(s.Hours)] = "39";
        await Click(erika, "surveys.page", data);
        var kept = SurveyAnswers.ReadDraft((await DraftAsync(wave, erika))!.Answers);
        Assert.Equal([s.Department.Id, s.Days.Id, s.Tools.Id], kept.Keys.Order());
    }

    [Fact]
    public async Task Answer_InGroupChat_PointerToThePersonalChatNothingWritten()
    {
        var erika = TrainingSeed.Colleague(1315);
        var (s, wave) = await RunningAsync("Gruppenchat", erika);
        var group = "19:" + Guid.NewGuid().ToString("N") + "@thread.v2";

        foreach (var (verb, data) in new[] { ("surveys.answer", Wave(wave)), ("surveys.page", Page(wave, 0, "next", FirstPage(s))),
            ("surveys.submit", Submit(wave, 1, [.. FirstPage(s), .. SecondPage(s)])) })
        {
            var click = Activities.Execute(Bot, erika, verb, data, conversationId: group);
            click["conversation"]!["conversationType"] = "groupChat";
            var body = await Bot.InvokeAsync(click);
            Assert.Equal(Word.De("surveysAnswer.personalOnly"), body["value"]!.GetValue<string>());
        }
        Assert.Null(await DraftAsync(wave, erika));
        Assert.True(await PendingAsync(wave, erika));
        Assert.Equal(0, await FilledAsync(wave));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class AnsweringTests_Sqlite(SqliteSurveysBot bot) : AnsweringTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class AnsweringTests_Postgres(PostgresSurveysBot bot) : AnsweringTests<PostgresSurveysBot>(bot);
