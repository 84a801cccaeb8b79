using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Reading what the bot sent: the Adaptive Card in a reply, its verbs, its visible words.</summary>
public static partial class Cards
{
    public static JsonObject? CardIn(ConnectorCall call) =>
        call.Body?["attachments"]?[0]?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
            ? call.Body["attachments"]![0]!["content"]!.AsObject()
            : null;

    public static IReadOnlyList<string> Verbs(JsonNode? card) =>
        Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"] is not null)
            .Select(o => o["verb"]!.GetValue<string>())
            .ToList();

    /// <summary>The Action.Execute objects of a card (verb, data, title).</summary>
    public static IReadOnlyList<JsonObject> Actions(JsonNode? card) =>
        Walk(card).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "Action.Execute").ToList();

    /// <summary>
    /// All text shown on the card (TextBlock text, TextRun text, titles, facts), joined for Contains checks; markdown
    /// backslash escapes (the renderer escapes data text) read as the characters a person sees.
    /// </summary>
    public static string Words(JsonNode? card) =>
        MarkdownEscape().Replace(string.Join("\n", Walk(card).OfType<JsonObject>().SelectMany(o => new[] { "text", "title", "value", "label", "placeholder" }
            .Select(k => o[k]).Where(v => v is JsonValue).Select(v => v!.ToString()))), "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial System.Text.RegularExpressions.Regex MarkdownEscape();

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var descendant in Walk(child)) yield return descendant;
    }
}
