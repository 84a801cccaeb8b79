using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

// Temporary stand-in until the template expander lands (branch cards); same public surface.
public sealed class CardRenderer(Strings strings)
{
    public JsonObject Render(string cardName, string lang, JsonObject data)
    {
        _ = strings;
        return new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = cardName + lang + data.Count }) };
    }
}
