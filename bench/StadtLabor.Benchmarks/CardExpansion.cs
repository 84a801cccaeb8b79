using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Features.Menu;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Benchmarks;

/// <summary>
/// Expanding card templates in German: the menu ("hilfe", and every text we did not understand) and the trainings
/// list with their sample data; and the menu as a "hilfe" turn builds it, its handler resolved from the turn's scope
/// the way ActivityRouter does (so the scoped services it needs are part of the figure).
/// </summary>
[MemoryDiagnoser]
public class CardExpansion
{
    // As CardRenderer sets it up: data strings escaped for markdown, the words and contacts trusted.
    private static readonly TemplateExpander.DataText MarkdownData = new(CardText.Markdown, "t", "contacts");

    private BotPieces _bot = null!;
    private CardRenderer _cards = null!;
    private Strings _strings = null!;
    private JsonObject _menuData = null!;
    private JsonObject _listData = null!;
    private JsonObject _menuTemplate = null!;
    private JsonObject _menuRoot = null!;
    private Activity _hilfe = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bot = new BotPieces();
        _cards = _bot.Cards;
        _strings = _bot.Strings;
        _menuData = BotPieces.SampleData("menu/main");
        _listData = BotPieces.SampleData("trainings/list");
        _hilfe = JsonSerializer.Deserialize<Activity>(TeamsActivities.HilfeMessage, ConnectorJson.Options)!;
        using (var stream = typeof(CardRenderer).Assembly.GetManifestResourceStream("cards/menu/main.json")!)
            _menuTemplate = JsonNode.Parse(stream)!.AsObject();
        _menuRoot = _menuData.DeepClone().AsObject();
        _menuRoot["t"] = _strings.Words("de");
        _menuRoot["contacts"] = CardContacts.Default.ToJson();

        // The checks read texts, not the serialised JSON, which escapes the umlauts.
        var title = _strings.Get("de", "menu.title");
        if (TextOf(RenderMenuCard(), 1) != title) throw new InvalidOperationException("The menu card has no German title");
        var answer = (await ShowMenuForHilfe()).Attachments?.SingleOrDefault()?.Content as JsonObject;
        if (answer is null || TextOf(answer, 1) != title || CardRenderer.VerbsIn(answer).Contains("trainings.manage"))
            throw new InvalidOperationException("The hilfe turn did not answer Erika with the staff menu");
        if (ExpandMenuTemplate().ToJsonString() != RenderMenuCard().ToJsonString())
            throw new InvalidOperationException("The expander alone does not give the renderer's menu card");
        if (!RenderTrainingsList().ToJsonString().Contains("Trello im Team", StringComparison.Ordinal))
            throw new InvalidOperationException("The trainings list does not show its sample sessions");
    }

    [Benchmark]
    public JsonObject RenderMenuCard() => _cards.Render("menu/main", "de", _menuData);

    /// <summary>
    /// The menu expanded from data that already holds the words and contacts, as CardRenderer.Render passes it: the
    /// difference to <see cref="RenderMenuCard"/> is what Render copies per call (data, word tree, contacts).
    /// </summary>
    [Benchmark]
    public JsonObject ExpandMenuTemplate() => TemplateExpander.Expand(_menuTemplate, _menuRoot, "menu/main", MarkdownData);

    [Benchmark]
    public JsonObject RenderTrainingsList() => _cards.Render("trainings/list", "de", _listData);

    /// <summary>What the "hilfe" turn does after routing: a scope, the ShowMenu handler, its role check and data, the card.</summary>
    [Benchmark]
    public async Task<Activity> ShowMenuForHilfe()
    {
        await using var scope = _bot.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.GetServiceOrCreateInstance<ShowMenu>(scope.ServiceProvider);
        var turn = new TurnContext(_hilfe, "de", _cards, _strings);
        await handler.HandleAsync(turn, CancellationToken.None);
        return turn.Replies[0];
    }

    private static string? TextOf(JsonObject card, int index) => card["body"]?[index]?["text"]?.GetValue<string>();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _bot.DisposeAsync();
}
