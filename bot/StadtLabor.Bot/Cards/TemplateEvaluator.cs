using System.Text.Json.Nodes;
using static StadtLabor.Bot.Cards.TemplateMemory;

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
internal static class TemplateEvaluator
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
}
