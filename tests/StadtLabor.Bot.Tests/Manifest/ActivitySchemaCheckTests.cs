using StadtLabor.Bot.Tests.Protocol;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>
/// Proves that <see cref="ActivitySchemaCheck"/> (validate-activity.js) accepts what Teams accepts and can fail.
/// Lives here because the Protocol folder belongs to the connector tests; move it there if preferred.
/// </summary>
public sealed class ActivitySchemaCheckTests
{
    private const string CardMessage = """
        {
          "type": "message",
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.card.adaptive",
              "content": {
                "type": "AdaptiveCard",
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "version": "1.5",
                "body": [ { "type": "TextBlock", "text": "Schulungen diese Woche", "wrap": true } ],
                "actions": [ { "type": "Action.Execute", "title": "Anmelden", "verb": "trainings.signUp", "data": { "sessionId": "42" } } ]
              }
            }
          ]
        }
        """;

    private const string BrokenMessage = """
        {
          "type": null,
          "attachments": [ { "content": { "type": "AdaptiveCard", "version": "1.5", "body": [] } } ]
        }
        """;

    [Fact]
    public void AssertValid_WellFormedCardMessage_Passes()
    {
        ActivitySchemaCheck.AssertValid([CardMessage]);
    }

    [Fact]
    public void AssertValid_TypeNullAndAttachmentWithoutContentType_FailsNamingBoth()
    {
        var failure = Assert.ThrowsAny<Exception>(() => ActivitySchemaCheck.AssertValid([CardMessage, BrokenMessage]));

        Assert.Contains("activity #1", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("activity #0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("error   type: is null", failure.Message, StringComparison.Ordinal);
        Assert.Contains("attachments[0].contentType", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ManyActivitiesInOneRun_ReportsEachAtItsIndex()
    {
        var results = ActivitySchemaCheck.Check(
        [
            CardMessage,
            """{"type":"message","text":"Hallo","replyToID":"1:abc"}""",
            """{"type":"message","text":"Hallo","conversation":{"id":""},"from":{"id":"29:1","name":null}}""",
            """{"type":"typing"}""",
            """{"type":"message","text":"Hallo","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":"{\"type\":\"AdaptiveCard\"}"}]}""",
        ]);

        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r.Index));
        Assert.Empty(results[0].Errors);
        Assert.Empty(results[0].Warnings);
        Assert.Empty(results[1].Errors);
        Assert.Contains(results[1].Warnings, w => w.Path == "replyToID" && w.Message.Contains("\"replyToId\"", StringComparison.Ordinal));
        Assert.Contains(results[2].Errors, e => e.Path == "conversation.id");
        Assert.Contains(results[2].Errors, e => e.Path == "from.name" && e.Message.Contains("null", StringComparison.Ordinal));
        Assert.Empty(results[3].Errors);
        Assert.Contains(results[4].Errors, e => e.Path == "attachments[0].content");
        Assert.Contains(results[4].Warnings, w => w.Message.Contains("separate activities", StringComparison.Ordinal));
    }

    [Fact]
    public void AssertValid_UnknownPropertyOnly_FailsUnlessWarningsAllowed()
    {
        const string Misspelled = """{"type":"message","text":"Hallo","textFormatt":"plain"}""";

        ActivitySchemaCheck.AssertValid([Misspelled], warningsFail: false);
        var failure = Assert.ThrowsAny<Exception>(() => ActivitySchemaCheck.AssertValid([Misspelled]));

        Assert.Contains("did you mean \"textFormat\"", failure.Message, StringComparison.Ordinal);
    }
}
