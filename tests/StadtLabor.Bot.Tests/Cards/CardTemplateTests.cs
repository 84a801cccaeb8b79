using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

public sealed partial class CardTemplateTests(CardsFixture cards) : IClassFixture<CardsFixture>
{
    public static TheoryData<string> Names => [.. CardFiles.Names];

    public static TheoryData<string, string> NamesAndVariants =>
        [.. CardFiles.Names.SelectMany(n => new[] { "sample", Strings.German, Strings.English }.Select(v => (n, v)))];

    [Theory]
    [MemberData(nameof(Names))]
    public void Expand_CardWithSampleData_EqualsAdaptiveCardsTemplating(string name)
    {
        var reference = cards.Reference[name];
        Assert.True(reference["error"] is null, $"the reference cannot expand {name}: {reference["error"]}");

        var ours = TemplateExpander.Expand(CardFiles.Template(name), CardFiles.Sample(name), name);

        JsonAssert.Equal(reference["result"], ours, name);
    }

    [Theory]
    [MemberData(nameof(NamesAndVariants))]
    public void Expand_Card_PassesOfficialParserAtVersion15(string name, string variant)
    {
        var check = cards.Checks[$"{name} {variant}"];
        var problems = check["errors"]!.AsArray().Concat(check["warnings"]!.AsArray()).Select(p => p!.GetValue<string>()).ToList();
        Assert.True(problems.Count == 0, $"{name} ({variant}):\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_Words_AreTheGermanWords(string name)
    {
        // The sample's "t" makes the card previewable in the Designer; it must not drift from the real words.
        var words = new Strings();
        var sampleWords = CardFiles.Sample(name)["t"]?.AsObject() ?? new JsonObject();
        foreach (var key in JsonTrees.LeafKeys(sampleWords))
        {
            var sampleValue = key.Split('.').Aggregate((JsonNode?)sampleWords, (node, part) => node?[part])!.GetValue<string>();
            Assert.Equal(words.Get(Strings.German, key), sampleValue);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Card_EveryWordItUses_ExistsInBothLanguages(string name)
    {
        var words = new Strings();
        var keys = Binding().Matches(File.ReadAllText(CardFiles.TemplatePath(name)))
            .SelectMany(b => WordReference().Matches(b.Value)).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(keys);
        foreach (var lang in Strings.Languages)
            foreach (var key in keys)
                Assert.False(string.IsNullOrWhiteSpace(words.Get(lang, key)), $"{name}: t.{key} is empty in {lang}");
    }

    [Fact]
    public void Render_UserNameWithJsonAndMarkdownBreakers_StaysOneTextAndPassesParser()
    {
        var card = CardsFixture.HostileWelcome();

        var greeting = card["body"]![1]!["text"]!.GetValue<string>();
        Assert.Equal($"Hallo {CardText.Markdown(CardText.Plain(CardsFixture.HostileName))}!", greeting);
        Assert.Equal(["menu.show", "trainings.list", "privacy.notice"], CardRenderer.VerbsIn(card));
        Assert.Equal(9 - 2, card["body"]!.AsArray().Count); // two of the three greetings are dropped
        var check = cards.Checks["installations/welcome hostile"];
        Assert.Empty(check["errors"]!.AsArray());
        // The renderer escapes the braces of "${...}", so not even a leftover-binding warning remains.
        Assert.Empty(check["warnings"]!.AsArray());
    }

    [Fact]
    public void CardRenderer_CardNames_AreExactlyTheCardFiles()
    {
        Assert.Equal(CardFiles.Names, CardFiles.Renderer.CardNames);
        Assert.All(CardFiles.Names, n => Assert.True(File.Exists(CardFiles.SamplePath(n)), $"{n} has no {n}.sample.json"));
    }


    [Theory]
    [InlineData("installations/welcome", "menu.show,trainings.list,privacy.notice")]
    [InlineData("surveys/answer-done", "surveys.list,menu.show")]
    [InlineData("shared/denied", "menu.show")]
    [InlineData("shared/error", "lending.reserve,menu.show")]
    public void Card_Verbs_AreTheDocumentedOnes(string name, string expected)
    {
        var verbs = CardRenderer.VerbsIn(CardFiles.Renderer.Render(name, Strings.German, CardFiles.SampleData(name)));

        Assert.Equal(expected.Split(','), verbs);
    }

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Binding();

    // t.a.b at the top level, $root.t.a.b inside a $data scope.
    [GeneratedRegex(@"(?<![\w.$])(?:\$root\.)?t\.([A-Za-z][A-Za-z0-9_.]*)")]
    private static partial Regex WordReference();
}
