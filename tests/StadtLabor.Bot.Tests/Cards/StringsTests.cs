using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

public sealed partial class StringsTests
{
    private static readonly Strings Words = new();

    [Fact]
    public void WordFiles_GermanAndEnglish_HaveTheSameKeys()
    {
        var german = JsonTrees.LeafKeys(Words.Words(Strings.German)).Order(StringComparer.Ordinal).ToList();
        var english = JsonTrees.LeafKeys(Words.Words(Strings.English)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(german, english);
    }

    [Theory]
    [InlineData(Strings.German)]
    [InlineData(Strings.English)]
    public void WordFile_EveryValue_IsNonEmptyText(string lang)
    {
        var words = Words.Words(lang);
        foreach (var key in JsonTrees.LeafKeys(words))
        {
            var text = Words.Get(lang, key); // throws when the leaf is not a string
            Assert.False(string.IsNullOrWhiteSpace(text), $"{lang}: {key} is empty");
        }
    }

    [Fact]
    public void WordFiles_Placeholders_MatchBetweenLanguages()
    {
        foreach (var key in JsonTrees.LeafKeys(Words.Words(Strings.German)))
        {
            Assert.True(Placeholders(Strings.German, key).SequenceEqual(Placeholders(Strings.English, key)),
                $"{key}: de and en use different {{n}} placeholders");
        }
    }

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("EN", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("de", "de")]
    [InlineData("fr-FR", "de")]
    [InlineData("", "de")]
    [InlineData(null, "de")]
    public void For_TeamsLocale_PicksEnglishOnlyForEnglish(string? locale, string expected)
    {
        Assert.Equal(expected, Strings.For(locale));
    }

    [Fact]
    public void Get_NestedKey_ReturnsText()
    {
        Assert.Equal("Was möchtest du tun?", Words.Get(Strings.German, "menu.title"));
        Assert.Equal("What would you like to do?", Words.Get(Strings.English, "menu.title"));
    }

    [Theory]
    [InlineData("menu.nope")]
    [InlineData("menu")] // an object, not a text
    [InlineData("menu.title.deeper")]
    public void Get_MissingKey_ThrowsNamingKeyAndFile(string key)
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Words.Get(Strings.German, key));

        Assert.Contains(key, error.Message);
        Assert.Contains("strings.de.json", error.Message);
    }

    [Fact]
    public void Get_UnknownLanguage_Throws()
    {
        Assert.Throws<ArgumentException>(() => Words.Get("fr", "menu.title"));
    }

    [Fact]
    public void Format_Placeholder_InsertsArgument()
    {
        Assert.Equal("Bitte prüf deine Eingabe: Datum fehlt", Words.Format(Strings.German, "invoke.invalidInput", "Datum fehlt"));
        Assert.Equal("Please check your input: date missing", Words.Format(Strings.English, "invoke.invalidInput", "date missing"));
    }

    [Fact]
    public void Words_ReturnsCopy_SoCardsCannotChangeTheShared()
    {
        var copy = Words.Words(Strings.German);
        copy["menu"]!.AsObject()["title"] = "geändert";

        Assert.Equal("Was möchtest du tun?", Words.Get(Strings.German, "menu.title"));
    }

    [Fact]
    public void Constructor_FromTrees_ServesThoseWords()
    {
        var words = new Strings(new Dictionary<string, JsonObject>
        {
            ["de"] = new() { ["a"] = new JsonObject { ["b"] = "Hallo {0}" } },
            ["en"] = new() { ["a"] = new JsonObject { ["b"] = "Hello {0}" } },
        });

        Assert.Equal("Hello Erika", words.Format("en", "a.b", "Erika"));
    }

    private static IEnumerable<string> Placeholders(string lang, string key) =>
        Placeholder().Matches(Words.Get(lang, key)).Select(m => m.Value).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();
}
