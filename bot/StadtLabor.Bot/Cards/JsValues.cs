using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

/// <summary>JavaScript's undefined: a binding to a value that is not there (distinct from JSON null).</summary>
internal sealed class JsUndefined
{
    public static readonly JsUndefined Value = new();
    private JsUndefined() { }
}

// The reference engine runs in JavaScript, so values are compared, printed and truth-tested the
// way JavaScript does it. Values are: JsUndefined, null, bool, double, string, JsonObject, JsonArray.
internal static class JsValues
{
    // JavaScript's Number.EPSILON, which adaptive-expressions uses for ==; not double.Epsilon.
    private const double NumberEpsilon = 2.220446049250313E-16;

    // Arms are cast to object: JsonNode's implicit conversions from bool, double and string would
    // otherwise make the switch's type JsonNode and wrap the values right back into JSON nodes.
    public static object? FromNode(JsonNode? node) => node switch
    {
        JsonObject or JsonArray => node,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => (object)value.GetValue<string>(),
            JsonValueKind.True => (object)true,
            JsonValueKind.False => (object)false,
            JsonValueKind.Number => (object)double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null or JsUndefined => null,
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d == 0 ? 0d : d), // JSON.stringify prints -0 as 0
        string s => JsonValue.Create(s),
        JsonNode node => node.DeepClone(),
        CardRoot root => root.ToJson(),
        _ => throw new InvalidOperationException($"not a JSON value: {value.GetType()}"),
    };

    public static bool IsLogicTrue(object? value) => value is bool b ? b : value is not null and not JsUndefined;

    public static bool IsNullish(object? value) => value is null or JsUndefined;

    /// <summary>JavaScript's String(value) for what string interpolation prints; null and undefined are the caller's problem.</summary>
    public static string ToJsString(object? value) => value switch
    {
        string s => s,
        double d => NumberToString(d),
        bool b => b ? "true" : "false",
        JsonArray array => string.Join(",", array.Select(item => item is null ? "" : ToJsString(FromNode(item)))),
        JsonObject or CardRoot => "[object Object]",
        _ => "",
    };

    /// <summary>ECMAScript Number::toString: shortest round-trip digits, exponent only below 1e-6 or from 1e21.</summary>
    public static string NumberToString(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        if (value == 0) return "0";
        var sign = value < 0 ? "-" : "";
        // "R" gives the shortest digits that round-trip, like JavaScript; only the layout differs.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var allDigits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        var exponent = integerDigits - leadingZeros + (e < 0 ? 0 : int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture));
        int k = digits.Length, n = exponent;
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        var power = n - 1;
        var head = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + head + "e" + (power >= 0 ? "+" : "-") + Math.Abs(power).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>adaptive-expressions' equality: null equals undefined, arrays and objects deep, numbers within Number.EPSILON.</summary>
    public static bool LooseEquals(object? a, object? b)
    {
        if (IsNullish(a) || IsNullish(b)) return IsNullish(a) && IsNullish(b);
        if (a is JsonArray left && b is JsonArray right)
            return left.Count == right.Count && left.Select((item, i) => LooseEquals(FromNode(item), FromNode(right[i]))).All(x => x);
        if (a is double x && b is double y && Math.Abs(x - y) < NumberEpsilon) return true;
        return StrictDeepEquals(a, b);
    }

    /// <summary>Deep equality of JSON values with numbers compared as doubles (lodash isEqual on JSON data).</summary>
    public static bool StrictDeepEquals(object? a, object? b) => (a, b) switch
    {
        (CardRoot l, _) => StrictDeepEquals(l.ToJson(), b),
        (_, CardRoot r) => StrictDeepEquals(a, r.ToJson()),
        (JsonObject l, JsonObject r) => l.Count == r.Count && l.All(p => r.TryGetPropertyValue(p.Key, out var other)
            && StrictDeepEquals(FromNode(p.Value), FromNode(other))),
        (JsonArray l, JsonArray r) => l.Count == r.Count && l.Select((item, i) => StrictDeepEquals(FromNode(item), FromNode(r[i]))).All(x => x),
        (string l, string r) => string.Equals(l, r, StringComparison.Ordinal),
        (double l, double r) => l == r,
        (bool l, bool r) => l == r,
        _ => a is null && b is null,
    };
}
