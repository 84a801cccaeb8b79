using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>Renders every hostile input, tidied and escaped as the renderer does it, once with the Adaptive Cards renderer (markdown and linkify on).</summary>
public sealed class RenderedTextFixture
{
    public static readonly IReadOnlyList<string> HostileInputs =
    [
        "[klick](https://evil.example)",
        "![bild](https://evil.example/x.png)",
        "[klick][1]\n\n[1]: https://evil.example",
        "<https://evil.example> <a href=\"https://evil.example\">x</a> <script>alert(1)</script>",
        "**fett** und __auch__ und _kursiv_ und *so*",
        "# Überschrift\n## zweite",
        "- Liste\n+ Plus\n* Stern",
        "1. erster\n2) zweiter\n10. zehnter",
        "`code` und ```block``` und ~~~fence~~~",
        "> Zitat",
        "Tabelle | a\n--- | ---\nx | y",
        "~~durch~~",
        "Text\n===\nText\n---\n***\n___",
        "&amp; &lt;a href=x&gt; &#60; &#x3C;",
        "{{DATE(2017-02-14T06:08:39Z, SHORT)}}",
        "Müller & Söhne: 3 * 4 = 12, a_b_c, C:\\temp\\x, 100 % <3",
        "Zeile mit Backslash am Ende\\\nnächste",
        "    eingerückt wie Code\n\tmit Tab",
        "${$root.t.menu.title} und {0}",
        "Erika \u202Eevil\u202C Mustermann\u0007",
        "https://evil.example/x?y=1 und http://localhost:8080",
        "www.evil.example und evil.example.com/pfad",
        "Schreib an boss@evil.example oder mailto:boss@evil.example",
        "[Jetzt anmelden](https://evil.example) und **x**",
        "> Zitat\n>> tiefer",
        "* Stern\n\n    Code nach Liste",
    ];

    public RenderedTextFixture()
    {
        var rendered = Checkers.Batch("render-text.js", new JsonArray([.. HostileInputs.Select(i => (JsonNode)CardText.Markdown(CardText.Plain(i)))]));
        Results = HostileInputs.Select((input, i) => (input, rendered[i]!.AsObject())).ToDictionary(x => x.input, x => x.Item2);
    }

    public IReadOnlyDictionary<string, JsonObject> Results { get; }
}

public sealed partial class CardTextTests(RenderedTextFixture rendered) : IClassFixture<RenderedTextFixture>
{
    public static TheoryData<string> HostileInputs => [.. RenderedTextFixture.HostileInputs];

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Markdown_HostileInput_RendersLiterallyWithoutLinkOrFormatting(string input)
    {
        var result = rendered.Results[input];
        Assert.True(result["error"] is null, $"render-text failed: {result["error"]}");

        Assert.Equal(0, result["links"]!.GetValue<int>());
        Assert.Empty(result["tags"]!.AsArray());
        Assert.Equal(Visible(input), Collapse(result["text"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("[klick](https://evil.example)", @"\[klick\](https\://evil\.example)")]
    [InlineData("**x** _y_ `z`", @"\*\*x\*\* \_y\_ \`z\`")]
    [InlineData("# x", @"\# x")]
    [InlineData("- x", @"\- x")]
    [InlineData("> x", @"\> x")]
    [InlineData("1. x", @"1\. x")]
    [InlineData("<b>", @"\<b\>")]
    [InlineData("&amp; & x", @"\&amp; & x")]
    [InlineData("www.evil.de", @"www\.evil\.de")]
    [InlineData("a@b.de", @"a\@b\.de")]
    [InlineData("Raum #3 - 2. OG, am 01.12.2026, Dr. Müller", "Raum #3 - 2. OG, am 01.12.2026, Dr. Müller")]
    [InlineData("C:\\temp", @"C:\\temp")]
    [InlineData("  eingerückt\nzweite  ", "eingerückt\nzweite")]
    public void Markdown_MarkdownAndLinks_AreEscaped(string input, string expected)
    {
        Assert.Equal(expected, CardText.Markdown(input));
    }

    [Fact]
    public void Plain_Markdown_IsLeftToTheRenderer()
    {
        // Plain text properties (button titles, choices, inputs) would show the backslashes.
        Assert.Equal("**x** [a](b)", CardText.Plain("**x** [a](b)"));
    }

    [Fact]
    public void Plain_Lines_BecomeParagraphs()
    {
        Assert.Equal("eins\n\nzwei\n\ndrei", CardText.Plain("  eins\r\nzwei\n\n\n  drei  "));
    }

    [Fact]
    public void Plain_ControlAndBidiCharacters_AreRemoved()
    {
        Assert.Equal("abc def", CardText.Plain("a\u0000b\u0007c\u202E \u2066def\u200F\uFEFF"));
    }

    [Fact]
    public void Plain_LongText_IsCutToLimitWithEllipsis()
    {
        var result = CardText.Plain(new string('a', 400), 300);

        Assert.Equal(new string('a', 299) + "…", result);
    }

    [Fact]
    public void Plain_Emoji_IsNotCutInHalf()
    {
        Assert.Equal("👍🏽…", CardText.Plain("👍🏽👍🏽👍🏽", 2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Plain_NothingVisible_ReturnsEmpty(string? input)
    {
        Assert.Equal("", CardText.Plain(input));
    }

    [Fact]
    public void Plain_LimitBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CardText.Plain("x", 0));
    }

    // What a reader should see: the input without invisible characters, whitespace collapsed.
    private static string Visible(string input) =>
        Collapse(Invisible().Replace(input, ""));

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\u200E\u200F\uFEFF]")]
    private static partial Regex Invisible();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
