using System.Text.Json.Nodes;
using static StadtLabor.Bot.Cards.TemplateEvaluator;

namespace StadtLabor.Bot.Cards;

// The functions our cards may use, with adaptive-expressions' behaviour. count(), string() and
// concat() keep the "${path}" substitution for a missing argument (count(missing) is the length
// of "${missing}"); empty() and if()'s condition do not.
internal static class TemplateFunctions
{
    public static Eval Evaluate(Call call, Scope scope, bool substitute) => call.Function switch
    {
        "count" => Count(Child(call.Arguments[0], scope, substitute)),
        "empty" => Empty(Child(call.Arguments[0], scope, false)),
        "if" => If(call, scope, substitute),
        "string" => String(call, Child(call.Arguments[0], scope, substitute)),
        "concat" => Concat(call, scope, substitute),
        _ => throw new InvalidOperationException($"unknown function {call.Function}"),
    };

    private static Eval Count(Eval arg) => arg switch
    {
        { Error: { } error } => Eval.Fail(error),
        { Value: string s } => new Eval((double)s.Length),
        { Value: JsonArray a } => new Eval((double)a.Count),
        { Value: JsonObject o } => new Eval((double)o.Count),
        { Value: CardRoot r } => new Eval((double)r.Count),
        _ => Eval.Fail($"{JsValues.ToJsString(arg.Value)} must be a string, list, map or object."),
    };

    // A comparison in adaptive-expressions: an operand error or a non-container gives false.
    private static Eval Empty(Eval arg) => new(arg.Error is null && arg.Value switch
    {
        null or JsUndefined => true,
        string s => s.Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        CardRoot r => r.Count == 0,
        _ => false,
    });

    private static Eval If(Call call, Scope scope, bool substitute)
    {
        var condition = Child(call.Arguments[0], scope, false);
        var branch = condition.Error is null && JsValues.IsLogicTrue(condition.Value) ? call.Arguments[1] : call.Arguments[2];
        return Child(branch, scope, substitute);
    }

    private static Eval String(Call call, Eval arg) => arg switch
    {
        { Error: { } error } => Eval.Fail(error),
        // The reference formats numbers with the server's locale and digit grouping (d3-format),
        // so the same card would read differently on two machines: format numbers in C#.
        { Value: double } => throw new TemplateException("", call.ToString(), "string() of a number depends on the reference engine's locale; pass the number preformatted"),
        { Value: string s } => new Eval(s),
        { Value: null or JsUndefined } => new Eval(""),
        { Value: JsonNode node } => new Eval(JsJson.Stringify(node)),
        _ => new Eval(JsValues.ToJsString(arg.Value)),
    };

    // Nested concat() (inside another function, or in $when) folds pairwise like adaptive-expressions:
    // arrays join, anything else is stringified. A top-level concat() is the template engine's own
    // text concatenation instead (TemplateExpander.Interpolate).
    private static Eval Concat(Call call, Scope scope, bool substitute)
    {
        var args = new List<object?>();
        foreach (var argument in call.Arguments)
        {
            var result = Child(argument, scope, substitute);
            if (result.Error is not null) return Eval.Fail(result.Error);
            args.Add(result.Value);
        }
        var soFar = args[0];
        foreach (var next in args.Skip(1))
        {
            soFar = (soFar, next) switch
            {
                (null or JsUndefined, null or JsUndefined) => JsUndefined.Value,
                (null or JsUndefined, JsonArray) => next,
                (JsonArray, null or JsUndefined) => soFar,
                (JsonArray a, JsonArray b) => new JsonArray([.. a.Select(n => n?.DeepClone()), .. b.Select(n => n?.DeepClone())]),
                _ => CommonStringify(soFar) + CommonStringify(next),
            };
        }
        return new Eval(soFar);
    }

    private static string CommonStringify(object? value) => value switch
    {
        null or JsUndefined => "",
        JsonNode node => JsJson.Stringify(node).Trim('"', '\''),
        _ => JsValues.ToJsString(value),
    };
}
