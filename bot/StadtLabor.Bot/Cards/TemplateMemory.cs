using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Cards;

// How adaptive-expressions reads data: a path string such as "$data.items[0].title" split on
// . [ ], each part looked up case-insensitively; arrays and strings expose their indices as keys.
internal static partial class TemplateMemory
{
    public static object? Lookup(string path, Scope scope)
    {
        var parts = PartsOf(path);
        object? current = parts[0].ToLowerInvariant() switch
        {
            "$root" => scope.Root,
            "$data" => scope.Data,
            "$index" => scope.Index,
            _ => JsUndefined.Value,
        };
        for (var p = 1; p < parts.Length; p++)
        {
            var part = parts[p];
            if (ParseInt(part) is { } index && current is JsonArray)
            {
                var result = AccessIndex(current, index);
                if (result.Error is not null) return JsUndefined.Value;
                current = result.Value;
            }
            else current = AccessProperty(current, part);
        }
        return current;
    }

    // Paths come from the templates (plus the odd key from data in a['key']): split each once, not on every lookup.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> Paths = new(StringComparer.Ordinal);

    private static string[] PartsOf(string path)
    {
        if (Paths.TryGetValue(path, out var cached)) return cached;
        var parts = PathSeparators().Split(path).Where(p => p.Length > 0).Select(StripQuotes).ToList();
        if (!path.StartsWith('$')) parts.Insert(0, "$data");
        var result = parts.ToArray();
        if (Paths.Count < 10_000) Paths.TryAdd(path, result);
        return result;
    }

    public static Eval AccessIndex(object? instance, double index)
    {
        if (JsValues.IsNullish(instance)) return new Eval(JsUndefined.Value);
        if (instance is not JsonArray array) return Eval.Fail($"{JsValues.ToJsString(instance)} is not a collection.");
        return index >= 0 && index < array.Count
            ? new Eval(JsValues.FromNode(array[(int)index]))
            : Eval.Fail($"{index} is out of range for {JsValues.ToJsString(instance)}");
    }

    // JavaScript property access as adaptive-expressions does it: case-insensitive, first match,
    // nothing on falsy values; arrays and strings expose their indices as keys.
    public static object? AccessProperty(object? instance, string property)
    {
        switch (instance)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase)) return JsValues.FromNode(value);
                return JsUndefined.Value;
            case JsonArray array when IsCanonicalIndex(property, array.Count, out var i):
                return JsValues.FromNode(array[i]);
            case CardRoot root:
                return root.Get(property);
            case string s when s.Length > 0 && IsCanonicalIndex(property, s.Length, out var i):
                return s[i].ToString();
            default:
                return JsUndefined.Value;
        }
    }

    private static bool IsCanonicalIndex(string property, int count, out int index) =>
        int.TryParse(property, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index < count && index.ToString(CultureInfo.InvariantCulture) == property;

    /// <summary>JavaScript's parseInt(String(value)): leading integer, else null (NaN).</summary>
    public static double? ParseInt(object? value)
    {
        if (value is not (string or double)) return null;
        var match = LeadingInteger().Match(JsValues.ToJsString(value));
        return match.Success ? double.Parse(match.Value, CultureInfo.InvariantCulture) : null;
    }

    private static string StripQuotes(string part) =>
        part.Length >= 2 && (part[0] == '"' && part[^1] == '"' || part[0] == '\'' && part[^1] == '\'') ? part[1..^1] : part;

    [GeneratedRegex(@"[.\[\]]+")]
    private static partial Regex PathSeparators();

    [GeneratedRegex(@"^\s*[+-]?\d+")]
    private static partial Regex LeadingInteger();
}
