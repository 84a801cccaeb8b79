using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Connector;

/// <summary>The HTTP answer to an invoke activity: Teams reads the body of our 200 response.</summary>
public sealed record InvokeResponse(int Status, JsonNode? Body)
{
    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private const string MessageType = "application/vnd.microsoft.activity.message";
    private const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>Replaces the card the user clicked with this one (Universal Actions).</summary>
    public static InvokeResponse Card(JsonObject card) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = CardType, ["value"] = card });

    public static InvokeResponse Message(string text) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = MessageType, ["value"] = text });

    // Teams shows the message of an error response to the user, so it must be friendly and carry no internals.
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(200, new JsonObject
        {
            ["statusCode"] = statusCode,
            ["type"] = ErrorType,
            ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
        });

    /// <summary>
    /// A dialog (task module) showing this card, the answer to a message extension's fetchTask or submitAction:
    /// <c>{"task":{"type":"continue","value":{"title","card":{contentType,content}}}}</c>.
    /// </summary>
    public static InvokeResponse Dialog(JsonObject card, string title) =>
        new(200, new JsonObject
        {
            ["task"] = new JsonObject
            {
                ["type"] = "continue",
                ["value"] = new JsonObject
                {
                    ["title"] = title,
                    ["height"] = "large",
                    ["width"] = "medium",
                    ["card"] = new JsonObject { ["contentType"] = CardType, ["content"] = card },
                },
            },
        });

    /// <summary>Closes a dialog and shows a short text: <c>{"task":{"type":"message","value":"…"}}</c>.</summary>
    public static InvokeResponse DialogMessage(string text) =>
        new(200, new JsonObject { ["task"] = new JsonObject { ["type"] = "message", ["value"] = text } });

    /// <summary>For invokes we do not handle: Teams treats 501 as "not supported" without an error toast.</summary>
    public static InvokeResponse NotImplemented() => new(501, null);
}
