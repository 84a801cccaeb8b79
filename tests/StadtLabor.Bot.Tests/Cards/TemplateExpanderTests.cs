using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>Each supported construct with a readable expectation; ExpanderReferenceTests compares with Microsoft's engine.</summary>
public sealed class TemplateExpanderTests
{
    private static string Expand(string template, string data) =>
        TemplateExpander.Expand(JsonNode.Parse(template)!.AsObject(), JsonNode.Parse(data), "test/card").ToJsonString();

    [Fact]
    public void Expand_WholeStringBinding_KeepsTheValueType()
    {
        Assert.Equal("""{"n":3,"b":true,"o":{"k":[1]},"s":"x 3"}""",
            Expand("""{"n":"${n}","b":"${b}","o":"${o}","s":"x ${n}"}""", """{"n":3,"b":true,"o":{"k":[1]}}"""));
    }

    [Fact]
    public void Expand_WhenFalse_DropsTheElement()
    {
        Assert.Equal("""{"body":[{"text":"shown"}]}""",
            Expand("""{"body":[{"$when":"${show}","text":"shown"},{"$when":"${!show}","text":"hidden"}]}""", """{"show":true}"""));
    }

    [Fact]
    public void Expand_DataArray_RepeatsTheElementWithIndex()
    {
        Assert.Equal("""{"body":[{"text":"0: Miro"},{"text":"1: Trello"}]}""",
            Expand("""{"body":[{"$data":"${trainings}","text":"${$index}: ${title}"}]}""", """{"trainings":[{"title":"Miro"},{"title":"Trello"}]}"""));
    }

    [Fact]
    public void Expand_RootInsideRepeat_ReachesTopLevelData()
    {
        Assert.Equal("""{"body":[{"text":"Anmelden: Miro"}]}""",
            Expand("""{"body":[{"$data":"${trainings}","text":"${$root.t.signUp}: ${title}"}]}""", """{"t":{"signUp":"Anmelden"},"trainings":[{"title":"Miro"}]}"""));
    }

    [Fact]
    public void Expand_DataObject_BecomesTheScope()
    {
        Assert.Equal("""{"body":{"text":"Erika"}}""",
            Expand("""{"body":{"$data":"${user}","text":"${$data.name}"}}""", """{"user":{"name":"Erika"}}"""));
    }

    [Fact]
    public void Expand_MissingValue_LeavesTheBindingAsText()
    {
        // As in adaptivecards-templating: a forgotten field is visible on the card and fails check-card.
        Assert.Equal("""{"a":"${userName}","b":"Hallo ${userName}!"}""",
            Expand("""{"a":"${userName}","b":"Hallo ${userName}!"}""", "{}"));
    }

    [Fact]
    public void Expand_MissingKeyByIndex_RemovesTheProperty()
    {
        Assert.Equal("""{"b":1}""", Expand("""{"a":"${x['nope']}","b":1}""", """{"x":{}}"""));
    }

    [Fact]
    public void Expand_NullInsideText_ThrowsNamingCardAndText()
    {
        var error = Assert.Throws<TemplateException>(() => Expand("""{"a":"Hallo ${userName}"}""", """{"userName":null}"""));

        Assert.Equal("test/card", error.CardName);
        Assert.Equal("Hallo ${userName}", error.Expression);
    }

    [Fact]
    public void Expand_BindingTextInData_IsNotExpandedAgain()
    {
        Assert.Equal("""{"a":"${$root.secret}","b":"Name: ${t.x}"}""",
            Expand("""{"a":"${name}","b":"Name: ${name2}"}""", """{"name":"${$root.secret}","name2":"${t.x}","secret":"S","t":{"x":"X"}}"""));
    }

    [Fact]
    public void Expand_UserTextThatLooksLikeJson_StaysOneStringValue()
    {
        const string userText = "\"}, {\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"} \\ \n }";

        var card = TemplateExpander.Expand(JsonNode.Parse("""{"body":[{"type":"TextBlock","text":"Von ${name}"}]}""")!.AsObject(),
            new JsonObject { ["name"] = userText }, "test/card");

        var reparsed = JsonNode.Parse(card.ToJsonString())!;
        Assert.Equal("Von " + userText, reparsed["body"]![0]!["text"]!.GetValue<string>());
        Assert.Single(reparsed["body"]!.AsArray());
    }

    [Fact]
    public void Expand_Functions_CoverTheSubset()
    {
        Assert.Equal("""{"a":2,"b":true,"c":false,"d":"ja","e":"ab","f":"[1,2]","g":true}""",
            Expand("""{"a":"${count(l)}","b":"${empty(m)}","c":"${not(ok)}","d":"${if(ok, 'ja', 'nein')}","e":"${concat('a', 'b')}","f":"${string(l)}","g":"${count(l) >= 2 && l[0] == 1 || false}"}""",
                """{"l":[1,2],"ok":true}"""));
    }

    [Fact]
    public void Expand_PropertyNamesAndReservedKeys_AreNotExpanded()
    {
        Assert.Equal("""{"${k}":"v","$schema":"s"}""", Expand("""{"${k}":"${k}","$schema":"s","$root":1}""", """{"k":"v"}"""));
    }

    [Fact]
    public void Expand_Template_IsNotModified()
    {
        var template = JsonNode.Parse("""{"body":[{"$data":"${xs}","$when":"${x}","t":"${x}"}]}""")!.AsObject();
        var before = template.ToJsonString();

        TemplateExpander.Expand(template, JsonNode.Parse("""{"xs":[{"x":true}]}"""), "test/card");

        Assert.Equal(before, template.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":"${foo(x)}"}""", "unknown function 'foo'")]
    [InlineData("""{"a":"${x + 1}"}""", "unexpected")]
    [InlineData("""{"a":"${x ? 1 : 2}"}""", "unexpected")]
    [InlineData("""{"a":"${$host.x}"}""", "$host")]
    [InlineData("""{"a":"${}"}""", "empty")]
    [InlineData("""{"a":"cost ${"}""", "closing")]
    [InlineData("""{"a":"${ {'a':1} }"}""", "object literal")]
    [InlineData("""{"a":"C:\\x ${y}"}""", "backslash")]
    [InlineData("""{"a":"${string(n)}"}""", "locale")]
    [InlineData("""{"b":[{"$when":true}]}""", "$when")]
    [InlineData("""{"b":[{"$when":"x ${y}"}]}""", "$when")]
    [InlineData("""{"b":[{"$data":"items"}]}""", "$data")]
    [InlineData("""{"b":[{"$data":{"a":"${x}"}}]}""", "literal $data")]
    public void Expand_UnsupportedSyntax_ThrowsNamingCardAndExpression(string template, string reason)
    {
        var error = Assert.Throws<TemplateException>(() => Expand(template, """{"n":1}"""));

        Assert.Equal("test/card", error.CardName);
        Assert.Contains(reason, error.Message);
        Assert.Contains("test/card", error.Message);
    }

    [Fact]
    public void Expand_UnsupportedSyntaxInDroppedBranch_StillThrows()
    {
        Assert.Throws<TemplateException>(() => Expand("""{"b":[{"$when":"${false == true}","a":"${foo()}"}]}""", "{}"));
    }
}
