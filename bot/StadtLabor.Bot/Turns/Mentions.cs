using System.Text.RegularExpressions;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// In channels and group chats Teams only delivers messages that @mention the bot, and the mention is part of the
/// text ("&lt;at&gt;stadtLABOR&lt;/at&gt; hilfe"). We remove it before reading the command.
/// </summary>
public static partial class Mentions
{
    public static string Strip(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.Entities ?? [])
        {
            // Entities are request data: a field of another JSON type is skipped, not trusted to be a string.
            if (StringOf(entity["type"]) != "mention") continue;
            var mentionText = StringOf(entity["text"]);
            if (!string.IsNullOrEmpty(mentionText)) text = text.Replace(mentionText, " ", StringComparison.Ordinal);
        }
        text = AtTag().Replace(text, " ");
        return WhiteSpace().Replace(text, " ").Trim();
    }

    private static string? StringOf(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

    // Bounded and not across tags: a lazy ".*?" scans to the end of the text for every unclosed <at> (quadratic).
    [GeneratedRegex("<at>[^<]{0,256}</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
