using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

public sealed class CardRendererTests
{
    private static readonly CardRenderer Renderer = CardFiles.Renderer;

    [Fact]
    public void Render_German_UsesGermanWords()
    {
        var card = Renderer.Render("menu/comingSoon", Strings.German, new JsonObject { ["areaTitle"] = "Umfragen", ["contact"] = "stadtlabor@soest.de" });

        Assert.Contains(Word.De("common.backToMenu"), card.ToJsonString(Options));
        Assert.Contains($"{Word.De("comingSoon.contact")} stadtlabor@soest.de", card.ToJsonString(Options));
    }

    [Fact]
    public void Render_English_UsesEnglishWords()
    {
        var card = Renderer.Render("menu/main", Strings.English, []);

        Assert.Contains(Word.En("menu.title"), card.ToJsonString(Options));
        Assert.DoesNotContain(Word.De("menu.trainings.description"), card.ToJsonString(Options));
    }

    [Fact]
    public void Render_CallerData_IsNotModified()
    {
        var data = new JsonObject { ["roleName"] = "Lotse" };

        Renderer.Render("shared/denied", Strings.German, data);

        Assert.Equal("""{"roleName":"Lotse"}""", data.ToJsonString());
    }

    [Fact]
    public void Render_UnknownCard_ThrowsNamingKnownCards()
    {
        var error = Assert.Throws<ArgumentException>(() => Renderer.Render("menu/nope", Strings.German, []));

        Assert.Contains("menu/main", error.Message);
    }

    [Fact]
    public void Render_DataWithT_Throws()
    {
        Assert.Throws<ArgumentException>(() => Renderer.Render("menu/main", Strings.German, new JsonObject { ["t"] = "x" }));
    }

    [Fact]
    public void Render_WelcomeInTeam_GreetsEveryone()
    {
        var card = Renderer.Render("installations/welcome", Strings.German, new JsonObject { ["userName"] = "Erika", ["isTeam"] = true });

        var text = card.ToJsonString(Options);
        Assert.Contains(Word.De("welcome.helloTeam"), text);
        Assert.DoesNotContain("Erika", text);
    }

    [Theory]
    [InlineData("Erika", "Hallo Erika! 👋")]
    [InlineData("", "Hallo! 👋")]
    public void Render_WelcomeInPersonalChat_GreetsByNameWhenKnown(string userName, string greeting)
    {
        var card = Renderer.Render("installations/welcome", Strings.German, new JsonObject { ["userName"] = userName, ["isTeam"] = false });

        Assert.Equal(greeting, card["body"]![1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_ErrorWithoutRetry_OffersOnlyTheMenu()
    {
        var card = Renderer.Render("shared/error", Strings.German, new JsonObject { ["reason"] = "Zeitraum belegt." });

        Assert.Equal(["menu.show"], CardRenderer.VerbsIn(card));
    }

    [Fact]
    public void VerbsIn_ActionsAnywhere_FindsEveryExecuteVerb()
    {
        var card = JsonNode.Parse("""
            {"type":"AdaptiveCard","body":[
              {"type":"Container","selectAction":{"type":"Action.Execute","verb":"a.select"},"items":[
                {"type":"ActionSet","actions":[{"type":"Action.Execute","verb":"a.set"},{"type":"Action.Submit","data":{"verb":"not.execute"}}]}]},
              {"type":"Input.Text","id":"x","inlineAction":{"type":"Action.Execute","verb":"a.inline"}}],
             "actions":[{"type":"Action.ShowCard","card":{"type":"AdaptiveCard","actions":[
               {"type":"Action.Execute","verb":"a.shown","fallback":{"type":"Action.Execute","verb":"a.fallback"}}]}}]}
            """);

        Assert.Equal(["a.select", "a.set", "a.inline", "a.shown", "a.fallback"], CardRenderer.VerbsIn(card));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
