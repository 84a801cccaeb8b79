using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards.Accessibility;

/// <summary>
/// Every card, expanded by our renderer with its sample data in German and English, rendered by Microsoft's
/// adaptivecards in Chromium like Teams' light theme, then checked with axe-core (WCAG 2.1 A/AA, which BITV 2.0
/// requires) and for what axe does not see: buttons with the same name, emoji in button names.
/// Writes a screenshot of every card (German) to .artifacts/cards/&lt;feature&gt;/&lt;name&gt;.png for review.
/// </summary>
public sealed class CardAccessibilityTests(TeamsLightBrowser browser) : IClassFixture<TeamsLightBrowser>
{
    public static TheoryData<string, string> CardsAndLanguages =>
        [.. CardFiles.Names.SelectMany(n => Strings.Languages.Select(lang => (n, lang)))];

    [Theory]
    [MemberData(nameof(CardsAndLanguages))]
    public async Task Card_SampleInTeamsLightTheme_HasNoAccessibilityProblems(string name, string lang)
    {
        var card = CardFiles.Renderer.Render(name, lang, CardFiles.SampleData(name));

        var check = await browser.CheckAsync(card, lang);
        if (lang == Strings.German)
            await browser.ScreenshotAsync(Path.Combine(Checkers.RepoRoot, ".artifacts", "cards", name + ".png"));

        var problems = CardProblems.Of(check);
        Assert.True(problems.Count == 0, $"cards/{name}.json ({lang}, sample data) has {problems.Count} accessibility problem(s):\n- " +
                                         string.Join("\n- ", problems));
    }

    [Fact]
    public async Task Check_LightGreenSmallTextAndTwoOpenButtons_FindsAllThree()
    {
        var card = Inline(
            [new JsonObject { ["type"] = "TextBlock", ["text"] = "Status: angemeldet", ["size"] = "Small", ["color"] = "Good", ["wrap"] = true }],
            "Öffnen", "Öffnen", "✅ Erledigt");

        var problems = CardProblems.Of(await browser.CheckAsync(card, Strings.German));

        Assert.Contains(problems, p => p.StartsWith("axe color-contrast (serious)", StringComparison.Ordinal) && p.Contains("Status: angemeldet", StringComparison.Ordinal));
        Assert.Contains("2 buttons named \"Öffnen\"", problems.Select(p => p.Split(':')[0]));
        Assert.Contains(problems, p => p.StartsWith("button \"✅ Erledigt\" has an emoji", StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public async Task Check_PlainCardWithNamedButtons_FindsNothing()
    {
        var card = Inline(
            [
                new JsonObject { ["type"] = "TextBlock", ["text"] = "Deine Schulungen", ["style"] = "heading", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = "So., 6. Dez., 9:00 Uhr", ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = "Bitte gib einen Titel ein.", ["color"] = "Attention", ["wrap"] = true },
            ],
            "Details: Miro für Einsteiger", "Details: Excel Grundlagen");

        var check = await browser.CheckAsync(card, Strings.German);

        Assert.Empty(CardProblems.Of(check));
        Assert.Equal(["Details: Miro für Einsteiger", "Details: Excel Grundlagen"], check.ActionNames);
    }

    private static JsonObject Inline(JsonArray body, params string[] buttons) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = body,
        ["actions"] = new JsonArray([.. buttons.Select(title => (JsonNode)new JsonObject
        {
            ["type"] = "Action.Execute", ["title"] = title, ["verb"] = "menu.show",
        })]),
    };
}
