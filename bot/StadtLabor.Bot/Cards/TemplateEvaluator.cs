using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Cards;

/// <summary>The data an expression sees: $root, the current $data and $index (JsUndefined outside a repeat).</summary>
internal sealed record Scope(object? Root, object? Data, object? Index);

/// <summary>A result; Error set means adaptive-expressions reported an error (Value is what it returned alongside).</summary>
internal readonly record struct Eval(object? Value, string? Error = null)
{
    /// <summary>adaptive-expressions' element evaluator returns nothing at all when its instance failed.</summary>
    public static readonly Eval Broken = new(JsUndefined.Value, "broken");

    public bool IsBroken => ReferenceEquals(Error, Broken.Error);

    public static Eval Fail(string error) => new(JsUndefined.Value, error);
}

/// <summary>Where JavaScript would throw a TypeError (reading .error of nothing, .toString() of null).</summary>
internal sealed class JsTypeError : Exception
{
    public JsTypeError() { }

    public JsTypeError(string message) : base(message) { }

    public JsTypeError(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// Evaluates expressions with adaptive-expressions' semantics, including its quirks, because the
/// cards must expand exactly as in Microsoft's engine. substitute = the engine's nullSubstitution:
/// a missing path becomes the text "${path}"; !, &&, ||, comparisons, empty() and if()'s condition
/// switch it off for their operands.
/// </summary>
internal static partial class TemplateEvaluator
{
    public static Eval Evaluate(Expr expr, Scope scope, bool substitute) => expr switch
    {
        Literal literal => new Eval(literal.Value),
        Negate negate => new Eval(-(double)negate.Operand.Value!),
        Member member => EvaluatePath(member, scope, substitute),
        Element element => EvaluateElement(element, scope, substitute),
        Not not => Child(not.Operand, scope, false) is { Error: null } r ? new Eval(!JsValues.IsLogicTrue(r.Value)) : new Eval(true),
        Binary binary => TemplateOperators.Evaluate(binary, scope),
        Call call => TemplateFunctions.Evaluate(call, scope, substitute),
        _ => throw new InvalidOperationException($"unknown expression {expr}"),
    };

    /// <summary>An operand: a broken operand makes the parent throw, as destructuring undefined does in JavaScript.</summary>
    public static Eval Child(Expr expr, Scope scope, bool substitute)
    {
        var result = Evaluate(expr, scope, substitute);
        return result.IsBroken ? throw new JsTypeError($"{expr} returned nothing") : result;
    }

    // A path ending in a member is resolved as one string path through memory (adaptive-expressions'
    // tryAccumulatePath); only then does a missing value become "${path}".
    private static Eval EvaluatePath(Member member, Scope scope, bool substitute)
    {
        var path = "";
        Expr? left = member;
        while (left is not null)
        {
            if (left is Member m)
            {
                path = m.Name + "." + path;
                left = m.Parent;
                continue;
            }
            var element = (Element)left;
            var key = Child(element.Key, scope, substitute);
            if (key.Error is not null) return Eval.Fail(key.Error);
            if (ParseInt(key.Value) is not null) path = $"[{JsValues.ToJsString(key.Value)}]." + path;
            else if (key.Value is string s) path = $"['{s}']." + path;
            else return Eval.Fail($"{element.Key} doesn't return an int or string");
            left = element.Instance;
        }
        path = path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal);
        var value = Lookup(path, scope);
        return new Eval(value is JsUndefined && substitute ? "${" + path + "}" : value);
    }

    private static Eval EvaluateElement(Element element, Scope scope, bool substitute)
    {
        var instance = Child(element.Instance, scope, substitute);
        if (instance.Error is not null) return Eval.Broken;
        var key = Child(element.Key, scope, false);
        if (key.Error is not null) return Eval.Broken;
        return key.Value switch
        {
            double d when double.IsInteger(d) => AccessIndex(instance.Value, d),
            string s => new Eval(AccessProperty(instance.Value, s)),
            _ => Eval.Fail($"Could not coerce {element.Key} to an int or string."),
        };
    }

    private static object? Lookup(string path, Scope scope)
    {
        var parts = PathSeparators().Split(path).Where(p => p.Length > 0).Select(StripQuotes).ToList();
        if (!path.StartsWith('$')) parts.Insert(0, "$data");
        object? current = parts[0].ToLowerInvariant() switch
        {
            "$root" => scope.Root,
            "$data" => scope.Data,
            "$index" => scope.Index,
            _ => JsUndefined.Value,
        };
        foreach (var part in parts.Skip(1))
        {
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
            case string s when s.Length > 0 && IsCanonicalIndex(property, s.Length, out var i):
                return s[i].ToString();
            default:
                return JsUndefined.Value;
        }
    }

    private static bool IsCanonicalIndex(string property, int count, out int index) =>
        int.TryParse(property, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
        && index < count && index.ToString(System.Globalization.CultureInfo.InvariantCulture) == property;

    /// <summary>JavaScript's parseInt(String(value)): leading integer, else null (NaN).</summary>
    private static double? ParseInt(object? value)
    {
        if (value is not (string or double)) return null;
        var match = LeadingInteger().Match(JsValues.ToJsString(value));
        return match.Success ? double.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static string StripQuotes(string part) =>
        part.Length >= 2 && (part[0] == '"' && part[^1] == '"' || part[0] == '\'' && part[^1] == '\'') ? part[1..^1] : part;

    [GeneratedRegex(@"[.\[\]]+")]
    private static partial Regex PathSeparators();

    [GeneratedRegex(@"^\s*[+-]?\d+")]
    private static partial Regex LeadingInteger();
}
