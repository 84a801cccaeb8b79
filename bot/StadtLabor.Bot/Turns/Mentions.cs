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
            if (entity["type"]?.GetValue<string>() != "mention") continue;
            var mentionText = entity["text"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(mentionText)) text = text.Replace(mentionText, " ", StringComparison.Ordinal);
        }
        text = AtTag().Replace(text, " ");
        return WhiteSpace().Replace(text, " ").Trim();
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
