using System.Globalization;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Authoring;

/// <summary>
/// Ines adds, edits, removes and moves questions of every kind through the form and the editor's buttons, on SQLite
/// and PostgreSQL; a breakdown takes the first free of four slots.
/// </summary>
public abstract class QuestionTests<TBot>(TBot fixture) : AuthoringTestsBase<TBot>(fixture) where TBot : SurveysBot
{
    [Fact]
    public async Task Add_EachKind_StoredAsTypedInOrder()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice(breakdown: true), Multiple(), Scale(), Number(), FreeText());

        var q = await QuestionsAsync(surveyId);
        Assert.Equal([QuestionKind.SingleChoice, QuestionKind.MultipleChoice, QuestionKind.Scale, QuestionKind.Number, QuestionKind.FreeText], q.Select(x => x.Kind));
        Assert.Equal([1, 2, 3, 4, 5], q.Select(x => x.Position));
        Assert.Equal(["Bürgerdienste", "Bauen", "keine Angabe"], q[0].OptionList());
        Assert.Equal(1, q[0].BreakdownSlot);
        Assert.Equal(["Teams", "Miro", "Trello", "Stackfield"], q[1].OptionList());
        Assert.Equal(0, q[1].BreakdownSlot);
        Assert.Equal(("gar nicht zufrieden", "sehr zufrieden"), (q[2].ScaleLow, q[2].ScaleHigh));
        Assert.Equal((0, 5), (q[3].Min!.Value, q[3].Max!.Value));
        Assert.Equal(500, q[4].MaxLength);
        var words = Words(editor);
        Assert.Contains(Word.De("surveysAuthoring.editor.question", "4", "An wie vielen Tagen arbeitest du zu Hause?"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.detail.number", Word.De("surveysAuthoring.kind.number"), "0", "5"), words, StringComparison.Ordinal);
        Assert.Single(words.Split('\n'), l => l == Word.De("surveysAuthoring.editor.breakdownMarker"));
    }

    [Fact]
    public async Task QuestionForm_EachKind_OnlyItsInputs()
    {
        var (surveyId, _) = await CreateAsync("empty");
        var expected = new Dictionary<string, string[]>
        {
            ["singleChoice"] = ["text", "options", "breakdown"],
            ["multipleChoice"] = ["text", "options"],
            ["scale"] = ["text", "scaleLow", "scaleHigh"],
            ["number"] = ["text", "min", "max"],
            ["freeText"] = ["text", "maxLength"],
        };
        foreach (var (kind, inputs) in expected)
        {
            var form = await InesAsync("surveysAdmin.questionForm", new() { ["surveyId"] = surveyId, ["kind"] = kind });
            Assert.Equal(inputs, FormCards.InputIds(form));
            Assert.Equal(kind, ButtonData(form, "surveysAdmin.saveQuestion")["kind"]!.GetValue<string>());
        }
        var single = await InesAsync("surveysAdmin.questionForm", new() { ["surveyId"] = surveyId, ["kind"] = "singleChoice" });
        Assert.Contains(Word.De("surveysAuthoring.form.breakdownHint"), Words(single), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_TextOptionsAndBreakdown_SavedSlotKept()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice("Erste Frage mit Bereich", breakdown: true), Choice("Zweite Frage mit Alter", breakdown: true));
        var q = await QuestionsAsync(surveyId);
        Assert.Equal([1, 2], q.Select(x => x.BreakdownSlot));

        var form = await InesAsync("surveysAdmin.questionForm", ButtonData(editor, "surveysAdmin.questionForm", d => d["questionId"] is not null));
        Assert.Equal("Erste Frage mit Bereich", FormCards.Input(form, "text")["value"]!.GetValue<string>());
        Assert.Equal("Bürgerdienste\nBauen\nkeine Angabe", FormCards.Input(form, "options")["value"]!.GetValue<string>());
        // The first loses its breakdown, the second keeps slot 2; a new breakdown takes the free slot 1.
        editor = await SaveAsync(surveyId, VersionOf(editor), Question("singleChoice", "Erste Frage, neu", options: "A\nB", breakdown: false), q[0].Id);
        Assert.Contains(Word.De("surveysAuthoring.done.questionSaved", 1), Words(editor), StringComparison.Ordinal);
        editor = await SaveAsync(surveyId, VersionOf(editor), Choice("Dritte Frage mit Rolle", breakdown: true));

        q = await QuestionsAsync(surveyId);
        Assert.Equal(("Erste Frage, neu", 0), (q[0].Text, q[0].BreakdownSlot));
        Assert.Equal(["A", "B"], q[0].OptionList());
        Assert.Equal(2, q[1].BreakdownSlot);
        Assert.Equal(1, q[2].BreakdownSlot);
    }

    [Fact]
    public async Task Edit_KindChangedToNumber_ChoiceFieldsCleared()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice());
        var id = (await QuestionsAsync(surveyId))[0].Id;

        await SaveAsync(surveyId, VersionOf(editor), Number(), id);

        var q = Assert.Single(await QuestionsAsync(surveyId));
        Assert.Equal(QuestionKind.Number, q.Kind);
        Assert.Empty(q.OptionList());
        Assert.Equal((0, 5), (q.Min!.Value, q.Max!.Value));
    }

    [Fact]
    public async Task Remove_MiddleQuestion_OthersCloseUp()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice(), Scale(), FreeText());
        var q = await QuestionsAsync(surveyId);

        editor = await InesAsync("surveysAdmin.removeQuestion", ButtonData(editor, "surveysAdmin.removeQuestion", d => d["questionId"]!.ToString() == q[1].Id.ToString(CultureInfo.InvariantCulture)));

        Assert.Contains(Word.De("surveysAuthoring.done.questionRemoved"), Words(editor), StringComparison.Ordinal);
        var left = await QuestionsAsync(surveyId);
        Assert.Equal([q[0].Id, q[2].Id], left.Select(x => x.Id));
        Assert.Equal([1, 2], left.Select(x => x.Position));
    }

    [Fact]
    public async Task Remove_AsksFirstInTheEditor()
    {
        var (_, editor) = await WithQuestionsAsync(Choice());

        // The remove button sits inside "Entfernen: Frage 1" (a ShowCard): a second click that says it is for good.
        var showCard = Assert.Single(AllObjects(editor), o => o["type"]?.GetValue<string>() == "Action.ShowCard");
        Assert.Equal(Word.De("surveysAuthoring.editor.removeQuestion", "1"), showCard["title"]!.GetValue<string>());
        var yes = Assert.Single(Actions(showCard));
        Assert.Equal("surveysAdmin.removeQuestion", yes["verb"]!.GetValue<string>());
        Assert.Equal(Word.De("surveysAuthoring.editor.removeYes", "1"), yes["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Move_UpAndDown_SwapsWithNeighbour()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice(), Scale(), FreeText());
        var q = await QuestionsAsync(surveyId);
        var id = (long n) => n.ToString(CultureInfo.InvariantCulture);

        editor = await InesAsync("surveysAdmin.moveQuestion", ButtonData(editor, "surveysAdmin.moveQuestion", d => d["questionId"]!.ToString() == id(q[2].Id) && d["direction"]!.ToString() == "up"));
        Assert.Contains(Word.De("surveysAuthoring.done.questionMoved", 2), Words(editor), StringComparison.Ordinal);
        Assert.Equal([q[0].Id, q[2].Id, q[1].Id], (await QuestionsAsync(surveyId)).Select(x => x.Id));

        editor = await InesAsync("surveysAdmin.moveQuestion", ButtonData(editor, "surveysAdmin.moveQuestion", d => d["questionId"]!.ToString() == id(q[0].Id) && d["direction"]!.ToString() == "down"));
        Assert.Equal([q[2].Id, q[0].Id, q[1].Id], (await QuestionsAsync(surveyId)).Select(x => x.Id));
        Assert.Equal([1, 2, 3], (await QuestionsAsync(surveyId)).Select(x => x.Position));
        // The first has no "up", the last no "down".
        var moves = Actions(editor).Where(a => a["verb"]?.GetValue<string>() == "surveysAdmin.moveQuestion").Select(a => a["data"]!).ToList();
        Assert.DoesNotContain(moves, d => d["questionId"]!.ToString() == id(q[2].Id) && d["direction"]!.ToString() == "up");
        Assert.DoesNotContain(moves, d => d["questionId"]!.ToString() == id(q[1].Id) && d["direction"]!.ToString() == "down");
    }

    [Fact]
    public async Task Move_PastTheEdge_NothingChanged()
    {
        var (surveyId, editor) = await WithQuestionsAsync(Choice(), Scale());
        var q = await QuestionsAsync(surveyId);

        editor = await InesAsync("surveysAdmin.moveQuestion", new() { ["surveyId"] = surveyId, ["questionId"] = q[0].Id, ["direction"] = "up", ["version"] = VersionOf(editor) });

        Assert.Contains(Word.De("surveysAuthoring.refused.edge"), Words(editor), StringComparison.Ordinal);
        Assert.Equal([q[0].Id, q[1].Id], (await QuestionsAsync(surveyId)).Select(x => x.Id));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class QuestionTests_Sqlite(SqliteSurveysBot bot) : QuestionTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class QuestionTests_Postgres(PostgresSurveysBot bot) : QuestionTests<PostgresSurveysBot>(bot);
