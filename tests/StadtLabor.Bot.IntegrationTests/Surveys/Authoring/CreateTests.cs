using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Authoring;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Authoring;

/// <summary>
/// Ines (innovation department) creates surveys in the chat, through HTTP as Teams sends the clicks, on SQLite and
/// PostgreSQL: the template choice, the Homeoffice template with its four breakdowns, an empty survey, one survey
/// however often the same choice arrives, and the list with status, waves and who created it.
/// </summary>
public abstract class CreateTests<TBot>(TBot fixture) : AuthoringTestsBase<TBot>(fixture) where TBot : SurveysBot
{
    [Fact]
    public async Task New_WithoutTemplate_OffersBothAndSaysWhatTheyHold()
    {
        var card = await InesAsync("surveysAdmin.new");

        var words = Words(card);
        Assert.Contains(Word.De("surveysAuthoring.new.homeofficeText"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.new.emptyText"), words, StringComparison.Ordinal);
        var templates = Actions(card).Where(a => a["verb"]?.GetValue<string>() == "surveysAdmin.new").Select(a => a["data"]!["template"]!.GetValue<string>());
        Assert.Equal(["homeoffice", "empty"], templates);
    }

    [Fact]
    public async Task New_HomeofficeTemplate_ElevenQuestionsFourBreakdownsByInes()
    {
        var (surveyId, editor) = await CreateAsync("homeoffice");

        var survey = await SurveyAsync(surveyId);
        var questions = await QuestionsAsync(surveyId);
        Assert.Equal(Word.De("surveysTemplate.homeoffice.title"), survey.Title);
        Assert.Equal(Word.De("surveysTemplate.homeoffice.purpose"), survey.Purpose);
        Assert.Equal(Innovation.AadObjectId, survey.CreatedByAadObjectId);
        Assert.Equal(Innovation.Name, survey.CreatedByName);
        Assert.Equal("3,7", survey.ReminderDays);
        Assert.Equal(SurveyTemplates.Homeoffice, NewSurvey.TemplateOf(survey.Template));
        Assert.Equal(11, questions.Count);
        Assert.Equal(Enumerable.Range(1, 11), questions.Select(q => q.Position));
        Assert.Equal([1, 2, 3, 4], questions.Where(q => q.IsBreakdown).Select(q => q.BreakdownSlot).Order());
        Assert.All(questions.Where(q => q.IsBreakdown), q => Assert.Equal(QuestionKind.SingleChoice, q.Kind));
        var words = Words(editor);
        Assert.Contains(Word.De("surveysAuthoring.new.created"), words, StringComparison.Ordinal);
        Assert.Equal(4, words.Split('\n').Count(l => l == Word.De("surveysAuthoring.editor.breakdownMarker")));
        Assert.Contains(Word.De("surveysAuthoring.editor.question", "11", Word.De("surveysTemplate.homeoffice.change")), words, StringComparison.Ordinal);
        Assert.Contains("surveysLifecycle.plan", Verbs(editor));
        Assert.DoesNotContain("surveysResults.show", Verbs(editor));
    }

    [Fact]
    public async Task New_Empty_DefaultTitleNoQuestions()
    {
        var (surveyId, editor) = await CreateAsync("empty");

        var survey = await SurveyAsync(surveyId);
        Assert.Equal(Word.De("surveysAuthoring.new.defaultTitle"), survey.Title);
        Assert.Equal(SurveyTemplates.Empty, NewSurvey.TemplateOf(survey.Template));
        Assert.Empty(await QuestionsAsync(surveyId));
        Assert.Contains(Word.De("surveysAuthoring.editor.noQuestions"), Words(editor), StringComparison.Ordinal);
        // Nothing to ask yet: no start; adding offers every kind.
        Assert.DoesNotContain("surveysLifecycle.plan", Verbs(editor));
        Assert.Equal(5, Verbs(editor).Count(v => v == "surveysAdmin.questionForm"));
    }

    [Fact]
    public async Task New_SameChoiceThreeTimesAtOnce_OneSurvey()
    {
        var chooser = await InesAsync("surveysAdmin.new");
        var homeoffice = ButtonData(chooser, "surveysAdmin.new", d => d["template"]?.GetValue<string>() == "homeoffice");

        var editors = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => InesAsync("surveysAdmin.new", homeoffice)));

        var ids = editors.Select(SurveyOf).Distinct().ToList();
        var id = Assert.Single(ids);
        var stored = (await SurveyAsync(id)).Template;
        Assert.Equal(1, await Bot.WithDbAsync(db => db.Surveys().CountAsync(s => s.Template == stored)));
        Assert.Equal(11, (await QuestionsAsync(id)).Count);
        // A new chooser card is a new survey.
        var (other, _) = await CreateAsync("homeoffice");
        Assert.NotEqual(id, other);
    }

    [Fact]
    public async Task New_UnknownTemplate_RefusedNothingCreated()
    {
        var before = await Bot.WithDbAsync(db => db.Surveys().CountAsync());

        var card = await InesAsync("surveysAdmin.new", new() { ["template"] = "hacked", ["draftId"] = Guid.NewGuid().ToString() });

        Assert.Contains(Word.De("surveysAuthoring.refused.badRequest"), Words(card), StringComparison.Ordinal);
        Assert.Equal(before, await Bot.WithDbAsync(db => db.Surveys().CountAsync()));
    }

    [Fact]
    public async Task List_SurveysWithStatusWavesAndCreator_ButtonsNameTheSurvey()
    {
        var draft = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Entwurf"));
        var running = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft"));
        await SurveySeed.WaveAsync(Bot, running.Id, [], WaveStatus.Closed);
        await SurveySeed.WaveAsync(Bot, running.Id, [], WaveStatus.Running, number: 2);
        var closed = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Fertig"));
        await SurveySeed.WaveAsync(Bot, closed.Id, [], WaveStatus.Closed);

        var card = await InesAsync("surveysAdmin.list");

        string Block(long id) => Words(AllObjects(card).Single(c => c["type"]?.GetValue<string>() == "Container" && Actions(c).Any(a => a["data"]?["surveyId"]?.ToString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var status = (string s) => Word.De("surveysAuthoring.list.status", Word.De("surveysAuthoring.list." + s));
        Assert.Contains(status("draft"), Block(draft.Id), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.list.waves", 0), Block(draft.Id), StringComparison.Ordinal);
        Assert.Contains(status("running"), Block(running.Id), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.list.waves", 2), Block(running.Id), StringComparison.Ordinal);
        Assert.Contains(status("closed"), Block(closed.Id), StringComparison.Ordinal);
        Assert.Contains(Innovation.Name, Block(closed.Id), StringComparison.Ordinal);
        var title = (await SurveyAsync(running.Id)).Title;
        Assert.Contains(Actions(card), a => a["verb"]?.GetValue<string>() == "surveysLifecycle.manage" && a["title"]?.GetValue<string>() == Word.De("surveysAuthoring.list.manage", title));
        Assert.Contains(Actions(card), a => a["verb"]?.GetValue<string>() == "surveysAdmin.edit" && a["title"]?.GetValue<string>() == Word.De("surveysAuthoring.list.edit", title));
        Assert.Contains("surveysAdmin.new", Verbs(card));
    }

    [Fact]
    public async Task Commands_TypedByInes_ListAndChoiceInHerChat()
    {
        // Her chat also gets the outbox's messages of other tests (a survey closed, "Umfrage: …"): wait for the replies.
        var chat = TrainingSeed.Chat(Innovation);
        var typed = Message(Bot, Innovation, "umfragen verwalten", conversationId: chat);
        using (await Bot.PostAsync(typed)) { }
        var list = await Bot.Connector.WaitForReplyToAsync(chat, typed["id"]!.GetValue<string>());
        Assert.Contains(Word.De("surveysAuthoring.list.intro"), Words(CardIn(list)), StringComparison.Ordinal);

        typed = Message(Bot, Innovation, "umfrage neu", conversationId: chat);
        using (await Bot.PostAsync(typed)) { }
        var choice = await Bot.Connector.WaitForReplyToAsync(chat, typed["id"]!.GetValue<string>());
        Assert.Contains(Word.De("surveysAuthoring.new.homeofficeText"), Words(CardIn(choice)), StringComparison.Ordinal);
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class CreateTests_Sqlite(SqliteSurveysBot bot) : CreateTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class CreateTests_Postgres(PostgresSurveysBot bot) : CreateTests<PostgresSurveysBot>(bot);
