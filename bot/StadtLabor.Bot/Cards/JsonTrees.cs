using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

internal static class JsonTrees
{
    /// <summary>
    /// A parsed JsonObject builds its property table on first access, which is not thread-safe.
    /// Touching every node once at load time makes the shared templates and words safe to read
    /// from concurrent turns afterwards.
    /// </summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) Materialize(value);
                break;
            case JsonArray array:
                foreach (var item in array) Materialize(item);
                break;
        }
    }

    /// <summary>Dotted keys of every leaf value, e.g. "menu.trainings.title".</summary>
    public static IEnumerable<string> LeafKeys(JsonObject tree, string prefix = "")
    {
        foreach (var (key, value) in tree)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject inner)
            {
                foreach (var leaf in LeafKeys(inner, path)) yield return leaf;
            }
            else yield return path;
        }
    }
}
