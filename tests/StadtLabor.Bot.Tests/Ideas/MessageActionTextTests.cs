using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.MessageAction;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>The message a colleague wrote, as the idea form's prefill: plain text, no people, cut between words.</summary>
public sealed class MessageActionTextTests
{
    private static JsonObject Payload(string content, string contentType = "html") => new()
    {
        ["commandId"] = "submitIdea",
        ["messagePayload"] = new JsonObject
        {
            ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "b130c271", ["displayName"] = "Olo Brockhouse" } },
            ["body"] = new JsonObject { ["contentType"] = contentType, ["content"] = content },
        },
    };

    [Fact]
    public void Of_TeamsHtml_TagsDroppedEntitiesDecodedLinesKept()
    {
        var text = MessageText.Of(Payload("<div><div>Termine &amp; Fristen&nbsp;online</div><p>Zeile&nbsp;zwei<br>Zeile&lt;drei&gt;</p>\n<ul><li>eins</li><li>zwei</li></ul></div>"));

        Assert.Equal("Termine & Fristen online\nZeile zwei\nZeile<drei>\neins\nzwei", text);
    }

    [Fact]
    public void Of_MentionsAndQuotedReply_NoNamesCarriedOver()
    {
        var html = "<blockquote itemscope=\"\" itemtype=\"http://schema.skype.com/Reply\" itemid=\"1\"><strong itemprop=\"mri\">Mustermann, Erika</strong>"
            + "<p itemprop=\"preview\">alte Nachricht</p></blockquote><p><at id=\"0\">Jonas Lotse</at> wir sollten Akten digital führen.</p>";

        var text = MessageText.Of(Payload(html));

        Assert.Equal("wir sollten Akten digital führen.", text);
        Assert.DoesNotContain("Olo", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_PlainTextBody_KeptAsItIs()
    {
        Assert.Equal("a <b> & c", MessageText.Of(Payload("a <b> &amp; c".Replace("&amp;", "&", StringComparison.Ordinal), "text")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"messagePayload":{"body":{"content":42}}}""")]
    [InlineData("""{"messagePayload":"kaputt"}""")]
    public void Of_NoUsableBody_Empty(string value) => Assert.Equal("", MessageText.Of(JsonNode.Parse(value)!.AsObject()));

    [Theory]
    [InlineData("Termine online vergeben. Dann ruft keiner mehr an.", "Termine online vergeben")]
    [InlineData("Wir könnten z. B. die Termine am 1. Dezember online vergeben. Danach mehr.", "Wir könnten z. B. die Termine am 1. Dezember online vergeben")]
    [InlineData("Warum drucken wir alles aus? Das kostet Papier.", "Warum drucken wir alles aus?")]
    [InlineData("Erste Zeile ohne Punkt\nZweite Zeile.", "Erste Zeile ohne Punkt")]
    [InlineData("\n\nNach Leerzeilen.", "Nach Leerzeilen")]
    [InlineData("www.soest.de ansehen", "www.soest.de ansehen")]
    public void Title_FirstSentenceOrLine(string text, string title) => Assert.Equal(title, MessageText.Title(text));

    [Fact]
    public void Title_LongSentence_CutBetweenWordsWithinTheLimit()
    {
        var text = string.Join(" ", Enumerable.Repeat("Digitalisierung", 20)) + ".";

        var title = MessageText.Title(text);

        Assert.True(title.Length <= IdeaLimits.Title, title);
        Assert.EndsWith("Digitalisierung…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_LongText_CutTo2000BetweenWords()
    {
        var text = string.Join(" ", Enumerable.Repeat("Bürgerbüro", 400));

        var description = MessageText.Description(text);

        Assert.True(description.Length <= IdeaLimits.Description);
        Assert.EndsWith("Bürgerbüro…", description, StringComparison.Ordinal);
        Assert.Equal("kurz", MessageText.Description("kurz"));
    }

    [Fact]
    public void Cut_OneLongWord_CutInsideIt()
    {
        var url = "https://example.org/" + new string('a', 300);

        Assert.Equal(120, MessageText.Cut(url, 120).Length);
    }
}
