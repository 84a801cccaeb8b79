using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Authoring;

/// <summary>What the authoring tests share: Ines's clicks, creating through the cards, reading the editor and the database.</summary>
public abstract class AuthoringTestsBase<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    /// <summary>Ines clicks; the data is copied so the same card data can be sent again.</summary>
    protected Task<JsonObject> InesAsync(string verb, JsonObject? data = null) =>
        TrainingSeed.ClickAsync(Bot, Innovation, verb, data?.DeepClone().AsObject());

    /// <summary>The data of the card's button with this verb (the first, or the one <paramref name="match"/> picks).</summary>
    protected static JsonObject ButtonData(JsonObject card, string verb, Func<JsonObject, bool>? match = null) =>
        Actions(card).Where(a => a["verb"]?.GetValue<string>() == verb).Select(a => a["data"]!.AsObject())
            .First(d => match?.Invoke(d) ?? true).DeepClone().AsObject();

    /// <summary>"Neue Umfrage", then the template's button: the editor of the new survey.</summary>
    protected async Task<(long SurveyId, JsonObject Editor)> CreateAsync(string template)
    {
        var chooser = await InesAsync("surveysAdmin.new");
        var editor = await InesAsync("surveysAdmin.new", ButtonData(chooser, "surveysAdmin.new", d => d["template"]?.GetValue<string>() == template));
        return (SurveyOf(editor), editor);
    }

    /// <summary>The survey an editor card is about (its "Angaben speichern" button).</summary>
    protected static long SurveyOf(JsonObject editor) => long.Parse(ButtonData(editor, "surveysAdmin.saveInfo")["surveyId"]!.ToString(),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The version an editor card carries.</summary>
    protected static int VersionOf(JsonObject editor) => int.Parse(ButtonData(editor, "surveysAdmin.saveInfo")["version"]!.ToString(),
        System.Globalization.CultureInfo.InvariantCulture);

    protected Task<List<SurveyQuestion>> QuestionsAsync(long surveyId) =>
        Bot.WithDbAsync(db => db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ToListAsync());

    protected Task<Survey> SurveyAsync(long surveyId) => Bot.WithDbAsync(db => db.Surveys().AsNoTracking().SingleAsync(s => s.Id == surveyId));

    /// <summary>An empty survey (through the cards) with these questions added through the form, and its editor after the last.</summary>
    protected async Task<(long SurveyId, JsonObject Editor)> WithQuestionsAsync(params JsonObject[] questions)
    {
        var (surveyId, editor) = await CreateAsync("empty");
        foreach (var q in questions)
        {
            var data = q.DeepClone().AsObject();
            data["surveyId"] = surveyId;
            data["questionId"] = 0;
            data["version"] = VersionOf(editor);
            editor = await InesAsync("surveysAdmin.saveQuestion", data);
            Assert.Contains(Word.De("surveysAuthoring.done.questionAdded", (await QuestionsAsync(surveyId)).Count), Words(editor), StringComparison.Ordinal);
        }
        return (surveyId, editor);
    }

    /// <summary>A question form's inputs as Teams sends them (strings), for the kind.</summary>
    protected static JsonObject Question(string kind, string text, string options = "", string scaleLow = "", string scaleHigh = "", string min = "",
        string max = "", string maxLength = "", bool breakdown = false) => new()
    {
        ["kind"] = kind,
        ["text"] = text,
        ["options"] = options,
        ["scaleLow"] = scaleLow,
        ["scaleHigh"] = scaleHigh,
        ["min"] = min,
        ["max"] = max,
        ["maxLength"] = maxLength,
        ["breakdown"] = breakdown ? "true" : "false",
    };

    protected static JsonObject Choice(string text = "In welchem Bereich arbeitest du?", bool breakdown = false) =>
        Question("singleChoice", text, options: "Bürgerdienste\nBauen\nkeine Angabe", breakdown: breakdown);

    protected static JsonObject Multiple() => Question("multipleChoice", "Welche Werkzeuge nutzt du?", options: "Teams\nMiro\nTrello\nStackfield");

    protected static JsonObject Scale() => Question("scale", "Wie zufrieden bist du mit dem Arbeiten zu Hause?", scaleLow: "gar nicht zufrieden", scaleHigh: "sehr zufrieden");

    protected static JsonObject Number() => Question("number", "An wie vielen Tagen arbeitest du zu Hause?", min: "0", max: "5");

    protected static JsonObject FreeText() => Question("freeText", "Was sollte sich ändern?", maxLength: "500");

    /// <summary>Ines's save of a question form: the question's inputs plus the card's ids and version.</summary>
    protected Task<JsonObject> SaveAsync(long surveyId, int version, JsonObject question, long questionId = 0)
    {
        var data = question.DeepClone().AsObject();
        data["surveyId"] = surveyId;
        data["questionId"] = questionId;
        data["version"] = version;
        return InesAsync("surveysAdmin.saveQuestion", data);
    }

    protected static JsonObject Ids(long surveyId, long questionId, int version) =>
        new() { ["surveyId"] = surveyId, ["questionId"] = questionId, ["version"] = version };

    /// <summary>Every object of a card, depth first.</summary>
    protected static IEnumerable<JsonObject> AllObjects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                    foreach (var d in AllObjects(child)) yield return d;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var d in AllObjects(child)) yield return d;
                break;
        }
    }
}
