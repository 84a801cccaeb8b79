using System.Text;
using System.Text.Json.Nodes;
using static StadtLabor.Bot.Cards.TemplateEvaluator;

namespace StadtLabor.Bot.Cards;

/// <summary>Parses and evaluates the bindings of one card: string values, $when and $data.</summary>
internal sealed class TemplateBindings(string cardName)
{
    private readonly TemplateParser parser = new(cardName);
    private readonly Dictionary<string, TemplateString?> cache = new(StringComparer.Ordinal);
    private bool frozen;

    public TemplateString? Parse(string value)
    {
        if (cache.TryGetValue(value, out var template)) return template;
        template = parser.ParseString(value);
        if (!frozen) cache[value] = template;
        return template;
    }

    /// <summary>
    /// After <see cref="Validate"/> of a shared template: every text of it is parsed, the cache is only read from now on,
    /// so concurrent turns can expand the card at once.
    /// </summary>
    public void Freeze() => frozen = true;

    public void Validate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "$when" or "$data") ValidateDirective(key, value);
                    else Validate(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Validate(item);
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                Parse(s);
                break;
        }
    }

    // The reference silently does odd things here ("$when": true drops the element, false keeps it;
    // "$data": "items" without ${} binds to the string), so only the clear forms are allowed.
    private void ValidateDirective(string key, JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (Parse(s)?.Single is null) throw new TemplateException(cardName, s, $"{key} must be exactly one ${{...}} binding");
        }
        else if (key == "$when" || value is not (JsonObject or JsonArray))
            throw new TemplateException(cardName, text, $"{key} must be a ${{...}} binding");
        else if (text.Contains("${", StringComparison.Ordinal))
            throw new TemplateException(cardName, text, "a literal $data is used as it is; bindings inside it are not expanded");
    }

    public object? DataOf(JsonNode? node, Scope scope) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? ValueOf(Parse(s)!, scope) : JsValues.FromNode(node);

    public bool When(JsonNode? node, Scope scope)
    {
        var template = Parse(node!.GetValue<string>())!;
        var result = Guard(template, () => Evaluate(template.Single!, scope, false));
        return result.Error is null && result.Value is true;
    }

    /// <summary>The value of a binding; with <paramref name="dataText"/>, strings from data are escaped for markdown.</summary>
    public object? ValueOf(TemplateString template, Scope scope, TemplateExpander.DataText? dataText = null)
    {
        // A top-level concat() is text joining by the template engine itself, like an interpolated string.
        if (template.Single is Call { Function: "concat" } concat) return Interpolate(template, concat.Arguments, scope, dataText);
        if (template.Single is not { } single) return Interpolate(template, template.Parts, scope, dataText);
        var result = Guard(template, () => Evaluate(single, scope, true));
        if (result.Error is not null) throw Fail(template, $"{result.Error} (Microsoft's engine throws here too)");
        return result.Value is string text && dataText is not null && !IsTrusted(single, scope, dataText.TrustedRoots)
            ? dataText.Escape(text)
            : result.Value;
    }

    /// <summary>
    /// A literal of the template, or a plain path into a trusted root (the words, the checked contacts): $root.t.x, or t.x where $data is still the
    /// root. Anything else (a path into the data, a function, an operator) counts as data.
    /// </summary>
    public static bool IsTrusted(Expr? expr, Scope scope, IReadOnlyList<string> trustedRoots)
    {
        if (expr is null) return false;
        if (expr.IsConstant) return true;
        var names = new List<string>();
        var current = expr;
        while (current is Member member)
        {
            names.Add(member.Name);
            current = member.Parent;
        }
        if (current is not null || names.Count < 2) return false;
        names.Reverse();
        var dataIsRoot = ReferenceEquals(scope.Data, scope.Root);
        return trustedRoots.Any(trustedRoot =>
            string.Equals(names[0], "$root", StringComparison.OrdinalIgnoreCase) && string.Equals(names[1], trustedRoot, StringComparison.OrdinalIgnoreCase)
            || dataIsRoot && string.Equals(names[0], trustedRoot, StringComparison.OrdinalIgnoreCase));
    }

    private string Interpolate(TemplateString template, IEnumerable<object> parts, Scope scope, TemplateExpander.DataText? dataText)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is string literal)
            {
                text.Append(literal);
                continue;
            }
            var expr = (Expr)part;
            Eval result;
            try
            {
                result = Guard(template, () => Evaluate(expr, scope, true), rethrowTypeErrors: false);
            }
            catch (JsTypeError)
            {
                result = Eval.Fail("type error");
            }
            if (result.Error is not null) text.Append("${").Append(expr).Append('}');
            else if (JsValues.IsNullish(result.Value))
                throw Fail(template, $"{expr} is {(result.Value is null ? "null" : "undefined")} inside text, where Microsoft's engine throws; pass \"\" or leave the field out");
            else if (dataText is not null && !IsTrusted(expr, scope, dataText.TrustedRoots)) text.Append(dataText.Escape(JsValues.ToJsString(result.Value)));
            else text.Append(JsValues.ToJsString(result.Value));
        }
        return text.ToString();
    }

    // Turns the reference engine's hard failures into a TemplateException naming card and text.
    private Eval Guard(TemplateString template, Func<Eval> evaluate, bool rethrowTypeErrors = true)
    {
        Eval result;
        try
        {
            result = evaluate();
        }
        catch (JsTypeError e) when (rethrowTypeErrors)
        {
            throw Fail(template, $"{e.Message}; Microsoft's engine fails with a TypeError here");
        }
        catch (TemplateException e) when (e.CardName.Length == 0)
        {
            throw Fail(template, e.Reason);
        }
        return result.IsBroken ? throw Fail(template, "indexing into a failed index; Microsoft's engine fails with a TypeError here") : result;
    }

    private TemplateException Fail(TemplateString template, string reason) => new(cardName, template.Source, reason);
}
