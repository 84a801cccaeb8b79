using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

public sealed class CardRendererTests
{
    private static readonly CardRenderer Renderer = CardFiles.Renderer;

    [Fact]
    public void Render_German_UsesGermanWords()
    {
        var card = Renderer.Render("shared/error", Strings.German, new JsonObject { ["reason"] = "Das hat nicht geklappt." });

        Assert.Contains(Word.De("common.backToMenu"), card.ToJsonString(Options));
    }

    [Fact]
    public void Render_ManyTurnsAtOnce_EveryCardAsRenderedAlone()
    {
        // The templates, their parsed bindings and the word trees are shared by all turns and only read.
        var names = Renderer.CardNames.ToList();
        var alone = names.ToDictionary(n => n, n => Renderer.Render(n, Strings.English, CardFiles.SampleData(n)).ToJsonString());

        var together = names.SelectMany(n => Enumerable.Repeat(n, 8)).AsParallel().WithDegreeOfParallelism(8)
            .Select(n => (Name: n, Json: Renderer.Render(n, Strings.English, CardFiles.SampleData(n)).ToJsonString())).ToList();

        Assert.All(together, r => Assert.Equal(alone[r.Name], r.Json));
    }

    [Fact]
    public void Render_Data_LeftAsItWas()
    {
        var data = new JsonObject { ["reason"] = "Das hat nicht geklappt." };

        Renderer.Render("shared/error", Strings.German, data);

        Assert.Equal("""{"reason":"Das hat nicht geklappt."}""", data.ToJsonString(Options));
    }

    [Fact]
    public void Render_ContactAddresses_AreTrustedMailtoLinksFromTheConfiguration()
    {
        var renderer = new CardRenderer(new Strings(), CardContacts.FromConfiguration(Configuration(("Lab:ContactEmail", "team.labor@example.org"))));

        var card = renderer.Render("shared/error", Strings.German, new JsonObject { ["reason"] = "x" });

        Assert.Equal($"{Word.De("error.advice")} [team.labor@example.org](mailto:team.labor@example.org)", card["body"]![2]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_ContactsInTheData_ReplacedByTheConfiguredOnes()
    {
        // A feature (or a sample) cannot smuggle markdown in through the trusted root.
        var card = Renderer.Render("shared/error", Strings.German, new JsonObject
        {
            ["reason"] = "x",
            ["contacts"] = new JsonObject { ["lab"] = "[klick](https://evil.example)", ["dataProtection"] = "**x**" },
        });

        var json = card.ToJsonString(Options);
        Assert.DoesNotContain("evil", json);
        Assert.Contains("[stadtlabor@soest.de](mailto:stadtlabor@soest.de)", json);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Render_DataText_EscapedOnlyWhereMarkdownIsRead()
    {
        var card = Renderer.Render("shared/error", Strings.German, new JsonObject
        {
            ["reason"] = "[Jetzt anmelden](https://evil.example) **x**",
            ["retry"] = new JsonObject { ["verb"] = "a_b.c", ["data"] = new JsonObject { ["x"] = "[y](z)" } },
        });

        var json = card.ToJsonString(Options);
        Assert.Contains(@"\\[Jetzt anmelden\\](https\\://evil\\.example) \\*\\*x\\*\\*", json);
        // Verbs and action data are not markdown: they stay exactly as given.
        Assert.Equal(["a_b.c", "menu.show"], CardRenderer.VerbsIn(card).Order(StringComparer.Ordinal));
        Assert.Contains("\"x\":\"[y](z)\"", json);
    }

    [Fact]
    public void Expand_WithDataText_EscapesDataInMarkdownPlacesOnly()
    {
        var template = JsonNode.Parse("""
            {"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"TextBlock","text":"${t.w} ${x}"},
              {"type":"TextBlock","text":"${x}"},
              {"type":"Container","$data":"${item}","items":[{"type":"TextBlock","text":"${t.w}|${$root.t.w}"}]},
              {"type":"FactSet","facts":[{"title":"${x}","value":"${t.w}"},{"$data":"${rows}","title":"${title}","value":"${value}"}]},
              {"type":"FactSet","facts":"${rows}"},
              {"type":"Container","items":"${blocks}"},
              {"type":"Input.Text","id":"i","value":"${x}"}],
             "actions":[{"type":"Action.Execute","title":"${x}","verb":"v","data":{"d":"${x}"}}]}
            """)!.AsObject();
        var data = JsonNode.Parse("""
            {"t":{"w":"**w**"},"x":"**x**","item":{"t":{"w":"**i**"}},
             "rows":[{"title":"**r**","value":"[l](https://e.x)"}],
             "blocks":[{"type":"TextBlock","text":"**b**"}]}
            """);

        var card = TemplateExpander.Expand(template, data, "test", new TemplateExpander.DataText(CardText.Markdown, "t"));

        var body = card["body"]!.AsArray();
        Assert.Equal(@"**w** \*\*x\*\*", body[0]!["text"]!.GetValue<string>());
        Assert.Equal(@"\*\*x\*\*", body[1]!["text"]!.GetValue<string>());
        // Inside a $data scope "t" is the item's, not the words: data.
        Assert.Equal(@"\*\*i\*\*|**w**", body[2]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(@"\*\*x\*\*", body[3]!["facts"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("**w**", body[3]!["facts"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(@"\*\*r\*\*", body[3]!["facts"]![1]!["title"]!.GetValue<string>());
        Assert.Equal(@"\[l\](https\://e\.x)", body[3]!["facts"]![1]!["value"]!.GetValue<string>());
        Assert.Equal(@"\*\*r\*\*", body[4]!["facts"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(@"\*\*b\*\*", body[5]!["items"]![0]!["text"]!.GetValue<string>());
        // Plain-text places show what was given.
        Assert.Equal("**x**", body[6]!["value"]!.GetValue<string>());
        Assert.Equal("**x**", card["actions"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("**x**", card["actions"]![0]!["data"]!["d"]!.GetValue<string>());
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
    [InlineData("Erika", "Hallo Erika!")]
    [InlineData("", "Hallo!")]
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
