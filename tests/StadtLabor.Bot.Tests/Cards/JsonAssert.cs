using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>Deep equality of JSON trees as JavaScript sees them: numbers by value, key order ignored.</summary>
internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string context)
    {
        var difference = FindDifference(expected, actual, "$");
        if (difference is not null)
            Assert.Fail($"{context}: differs at {difference}\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
    }

    private static string? FindDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key)) return $"{path}.{key} (present on one side only)";
                    if (FindDifference(e[key], a[key], $"{path}.{key}") is { } inner) return inner;
                }
                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) return $"{path} (length {e.Count} vs {a.Count})";
                for (var i = 0; i < e.Count; i++)
                    if (FindDifference(e[i], a[i], $"{path}[{i}]") is { } inner) return inner;
                return null;
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
                return Number(e) == Number(a) ? null : path;
            case (JsonValue e, JsonValue a):
                return e.ToJsonString() == a.ToJsonString() ? null : path;
            default:
                return path;
        }
    }

    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
}
