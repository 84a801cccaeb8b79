using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// What a card sees as $root: the caller's data plus the trees every card shares (the words "t", the checked
/// contacts), without copying either. The word tree alone is some 25 KB; copying it into every card's data cost more
/// than the rest of the rendering. Templates read it like one object: ${t.menu.title}, ${$root.contacts.lab}.
/// </summary>
internal sealed class CardRoot(JsonObject data, IReadOnlyList<KeyValuePair<string, JsonObject>> shared)
{
    public int Count => data.Count + shared.Count;

    /// <summary>A property as JavaScript reads it in the reference engine: case-insensitive, first match; the shared trees first.</summary>
    public object? Get(string property)
    {
        foreach (var (key, tree) in shared)
            if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase)) return tree;
        return TemplateMemory.AccessProperty(data, property);
    }

    /// <summary>The whole root as one object, only for a card that binds $root itself (none does today).</summary>
    public JsonObject ToJson()
    {
        var copy = data.DeepClone().AsObject();
        foreach (var (key, tree) in shared) copy[key] = tree.DeepClone();
        return copy;
    }
}
