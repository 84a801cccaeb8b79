using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Reading a form card as a person sees it (card convention): the message right under an input, and the summary of
/// all messages right above the submit button (the last body element, where the person is when the card comes back).
/// </summary>
public static class FormCards
{
    /// <summary>The input with this id.</summary>
    public static JsonObject Input(JsonObject card, string id) =>
        All(card).Single(o => o["id"]?.GetValue<string>() == id && (o["type"]?.GetValue<string>() ?? "").StartsWith("Input.", StringComparison.Ordinal));

    /// <summary>The inputs of a card by id.</summary>
    public static IReadOnlyList<string> InputIds(JsonObject card) =>
        [.. All(card).Where(o => (o["type"]?.GetValue<string>() ?? "").StartsWith("Input.", StringComparison.Ordinal)).Select(o => o["id"]!.GetValue<string>())];

    /// <summary>The words of the attention-coloured TextBlocks right under the input (up to the next input), joined; "" when none.</summary>
    public static string MessageUnder(JsonObject card, string id) => string.Join(" ", BlocksUnder(card, id)
        .Where(o => o["color"]?.GetValue<string>().Equals("attention", StringComparison.OrdinalIgnoreCase) == true)
        .Select(o => Cards.Words(o)));

    /// <summary>Every TextBlock right under the input, whatever its colour (a warning is bold, not red).</summary>
    public static IReadOnlyList<JsonObject> BlocksUnder(JsonObject card, string id)
    {
        foreach (var list in All(card).SelectMany(o => o.Select(p => p.Value)).OfType<JsonArray>())
        {
            var items = list.OfType<JsonObject>().ToList();
            var at = items.FindIndex(o => o["id"]?.GetValue<string>() == id);
            if (at < 0) continue;
            return [.. items.Skip(at + 1).TakeWhile(o => o["type"]?.GetValue<string>() == "TextBlock")];
        }
        throw new Xunit.Sdk.XunitException($"no input {id} on the card");
    }

    /// <summary>The words of the containers at the end of the body (the summary right above the buttons).</summary>
    public static string Summary(JsonObject card)
    {
        var body = card["body"]!.AsArray().OfType<JsonObject>().ToList();
        // A card with its buttons in the body has them last; the summary is right before them.
        if (body.Count > 0 && body[^1]["type"]?.GetValue<string>() == "ActionSet") body.RemoveAt(body.Count - 1);
        var trailing = body.AsEnumerable().Reverse().TakeWhile(o => o["type"]?.GetValue<string>() == "Container").Reverse();
        return string.Join("\n", trailing.Select(Cards.Words));
    }

    private static IEnumerable<JsonObject> All(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                    foreach (var d in All(child)) yield return d;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var d in All(child)) yield return d;
                break;
        }
    }
}
