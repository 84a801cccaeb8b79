using System.Text.Json.Nodes;
using StadtLabor.Bot.Tests.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Turns;

/// <summary>A button on a card whose verb no handler knows would answer "unknown action": every verb written in a card is routed.</summary>
public sealed class CardVerbsRoutedTests
{
    private static readonly TurnRoutes Routes = BuildRoutes();

    private static TurnRoutes BuildRoutes()
    {
        var routes = new TurnRoutes();
        foreach (var feature in Program.Features) feature.MapTurns(routes);
        return routes;
    }

    public static TheoryData<string> Cards => new(CardFiles.Names);

    [Theory]
    [MemberData(nameof(Cards))]
    public void CardVerbs_EveryLiteralVerb_IsRouted(string card)
    {
        // Verbs that come from data (e.g. the retry button of the error card) are checked where the data is made.
        var literal = LiteralVerbs(CardFiles.Template(card)).ToList();
        var rendered = StadtLabor.Bot.Cards.CardRenderer.VerbsIn(CardFiles.Renderer.Render(card, "de", CardFiles.SampleData(card)));

        Assert.All(literal, verb => Assert.Contains(verb, Routes.Verbs.Keys));
        Assert.All(literal, verb => Assert.Contains(verb, rendered));
    }

    /// <summary>
    /// Cards that stand in a channel for everyone and are updated in place by the bot: a click on "Zurück zum Menü"
    /// would replace the shared card with the menu for the clicking person, so they carry no such button. The
    /// escalation of an unanswered idea is posted to the Lotsen channel (its second step) in the same card; the weekly
    /// channel digest is refreshed in place for everyone.
    /// </summary>
    private static readonly string[] SharedChannelCards = ["ideas/channel", "ideas/escalation", "digests/channel"];

    /// <summary>
    /// Cards shown in a dialog (a message extension's): the dialog closes with its own X, and its buttons are
    /// Action.Submit (Action.Execute does not work there), so no verb leads back to the menu.
    /// </summary>
    private static readonly string[] DialogCards = ["ideas/dialogForm", "ideas/dialogSimilar"];

    [Fact]
    public void CardVerbs_AllCards_AtLeastOneWayBackToTheMenu() =>
        Assert.All(CardFiles.Names.Except(SharedChannelCards).Except(DialogCards), card =>
            Assert.Contains("menu.show", LiteralVerbs(CardFiles.Template(card)).Concat(card == "menu/main" ? ["menu.show"] : [])));

    [Fact]
    public void DialogCards_Buttons_AreActionSubmitOnly()
    {
        foreach (var card in DialogCards)
        {
            var types = ActionTypes(CardFiles.Renderer.Render(card, "de", CardFiles.SampleData(card))).ToList();
            Assert.NotEmpty(types);
            Assert.All(types, type => Assert.Equal("Action.Submit", type));
        }
    }

    private static IEnumerable<string> ActionTypes(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"]?.ToString() is { } t && t.StartsWith("Action.", StringComparison.Ordinal) ? [t] : Enumerable.Empty<string>())
            .Concat(o.SelectMany(p => ActionTypes(p.Value))),
        JsonArray a => a.SelectMany(ActionTypes),
        _ => [],
    };

    private static IEnumerable<string> LiteralVerbs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "verb" && p.Value is JsonValue v && v.ToString() is var s && !s.Contains("${", StringComparison.Ordinal)
            ? [s] : LiteralVerbs(p.Value)),
        JsonArray a => a.SelectMany(LiteralVerbs),
        _ => [],
    };
}
