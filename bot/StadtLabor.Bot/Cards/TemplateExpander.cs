using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// Expands Adaptive Card templates (Adaptive Card Templating language) on a JSON tree, so user
/// text is only ever a JSON string value and cannot break the card's JSON.
///
/// Supported subset (the tests compare every construct with Microsoft's adaptivecards-templating 2.3.1):
/// - "${expr}" inside string values. A string that is exactly one ${...} yields the typed value
///   (number, bool, object, array, null); otherwise the parts are joined as text. A lone literal
///   such as "${'x'}" or "${true}" stays text, as in the reference.
/// - "$data" on any object: "${expr}" or an object/array literal. An object becomes the new $data;
///   an array repeats the object once per item with $index. An empty array removes it.
/// - "$when": "${expr}"; the object is kept only when expr is the boolean true.
/// - $root, $data, $index; paths a.b.c, a[0], a['x'] (case-insensitive, like the reference);
///   literals 'x' "x" 1 1.5 -1 true false null; ! == != &lt; &lt;= &gt; &gt;= &amp;&amp; || ( );
///   count(x) empty(x) not(x) if(c,a,b) concat(...) string(x).
/// - Property names are never expanded. Values from the data are never expanded again.
///
/// Missing values behave as in the reference: a missing path in a typed binding or in text
/// becomes the literal text "${path}" (so a forgotten field shows up on the card and in tests);
/// a missing a['key'] is undefined (the property disappears); a[i] past the end or on a missing
/// a shows as "${a[i]}" in text. Where the reference throws, we throw too: null or undefined
/// inside text, a[i] past the end in a typed binding. Array items that expand to null are
/// dropped and arrays are flattened into their parent array.
/// Anything else (other functions, arithmetic, ?:, $host, string() of a number, backslashes or
/// backticks in template text, a $when or $data that is not one binding) throws
/// TemplateException naming card and text.
///
/// With a <see cref="DataText"/> (the renderer always passes one; the reference comparison does not), every value
/// from the data that lands where Teams reads markdown (TextBlock.text, the title and value of a FactSet's facts) is
/// escaped, wherever it comes from; only the template's own text and paths into the trusted words ($root.t) are
/// left as they are. So user or lab-team text can never become a link or formatting, even if a feature forgets it.
/// </summary>
public static class TemplateExpander
{
    private static readonly HashSet<string> Reserved = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    /// <summary>
    /// How data text is made safe for markdown, and the root keys of trusted values: the words ("t") and the checked
    /// contact addresses ("contacts", see <see cref="CardContacts"/>).
    /// </summary>
    public sealed record DataText(Func<string, string> Escape, params IReadOnlyList<string> TrustedRoots);

    public static JsonObject Expand(JsonObject template, JsonNode? data, string cardName, DataText? dataText = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var bindings = new TemplateBindings(cardName);
        bindings.Validate(template);
        return Expand(template, bindings, JsValues.FromNode(data), cardName, dataText);
    }

    /// <summary>A card template checked and parsed once, to be expanded by many turns at once (see <see cref="CardRenderer"/>).</summary>
    public sealed class Prepared
    {
        internal Prepared(JsonObject template, string cardName)
        {
            JsonTrees.Materialize(template);
            Template = template;
            CardName = cardName;
            Bindings = new TemplateBindings(cardName);
            Bindings.Validate(template);
            Bindings.Freeze();
        }

        internal JsonObject Template { get; }
        internal string CardName { get; }
        internal TemplateBindings Bindings { get; }
    }

    public static Prepared Prepare(JsonObject template, string cardName) => new(template, cardName);

    /// <summary>
    /// Expands a prepared card with the caller's data and trees shared by every card (the words, the contacts), which
    /// are read where they are, never copied; the data is only read too.
    /// </summary>
    public static JsonObject Expand(Prepared card, JsonObject data, IReadOnlyList<KeyValuePair<string, JsonObject>> shared, DataText dataText)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Expand(card.Template, card.Bindings, new CardRoot(data, shared), card.CardName, dataText);
    }

    private static JsonObject Expand(JsonObject template, TemplateBindings bindings, object? root, string cardName, DataText? dataText) =>
        new Run(bindings, dataText).Expand(template, new Scope(root, root, JsUndefined.Value)) as JsonObject
            ?? throw new TemplateException(cardName, "$when/$data on the card itself", "the card must expand to exactly one object");

    /// <summary>Where a value lands: markdown text, a FactSet's facts array, one fact, or anywhere else.</summary>
    private enum Place { Other, Markdown, Facts, Fact }

    private sealed class Run(TemplateBindings bindings, DataText? dataText)
    {
        public object? Expand(JsonNode? node, Scope scope, Place place = Place.Other) => node switch
        {
            JsonObject obj => ExpandObject(obj, scope, place == Place.Fact),
            JsonArray array => ExpandArray(array, scope, place == Place.Facts ? Place.Fact : Place.Other),
            JsonValue value when value.TryGetValue<string>(out var s) && bindings.Parse(s) is { } template =>
                ExpandBinding(template, scope, place),
            _ => node?.DeepClone(),
        };

        private object? ExpandBinding(TemplateString template, Scope scope, Place place)
        {
            var escape = dataText is not null && place == Place.Markdown ? dataText : null;
            var value = bindings.ValueOf(template, scope, escape);
            if (value is JsUndefined) return value;
            var node = JsValues.ToNode(value);
            // A whole element or fact list from the data (e.g. "facts": "${rows}"): its texts are data too.
            if (dataText is not null && node is JsonObject or JsonArray && !TemplateBindings.IsTrusted(template.Single, scope, dataText.TrustedRoots))
                EscapeTree(node, place);
            return node;
        }

        private void EscapeTree(JsonNode? node, Place place)
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array) EscapeTree(item, place == Place.Facts ? Place.Fact : Place.Other);
                    break;
                case JsonObject obj:
                    var type = TypeOf(obj);
                    foreach (var (key, value) in obj.ToList())
                    {
                        var inner = PlaceOf(type, key, place == Place.Fact);
                        if (inner == Place.Markdown && value is JsonValue v && v.TryGetValue<string>(out var text))
                            obj[key] = dataText!.Escape(text);
                        else
                            EscapeTree(value, inner);
                    }
                    break;
            }
        }

        private static string? TypeOf(JsonObject obj) =>
            obj["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null;

        private static Place PlaceOf(string? type, string key, bool isFact) => (type, key) switch
        {
            ("TextBlock", "text") => Place.Markdown,
            ("FactSet", "facts") => Place.Facts,
            (_, "title" or "value") when isFact => Place.Markdown,
            _ => Place.Other,
        };

        private JsonArray ExpandArray(JsonArray array, Scope scope, Place itemPlace)
        {
            var result = new JsonArray();
            foreach (var item in array)
            {
                switch (Expand(item, scope, itemPlace))
                {
                    case null: break;
                    case JsUndefined: result.Add(null); break; // JSON.stringify writes undefined items as null
                    case JsonArray repeated:
                        var items = repeated.ToList();
                        repeated.Clear();
                        foreach (var x in items) result.Add(x);
                        break;
                    case JsonNode expanded: result.Add(expanded); break;
                }
            }
            return result;
        }

        // One object: zero copies ($when false, empty $data array), one, or a JsonArray of
        // copies that the parent array flattens (a property holding it keeps the array).
        private JsonNode? ExpandObject(JsonObject obj, Scope scope, bool isFact)
        {
            var contexts = new List<(object? Data, object? Index)> { (JsUndefined.Value, scope.Index) };
            if (obj.TryGetPropertyValue("$data", out var dataNode))
            {
                var data = bindings.DataOf(dataNode, scope);
                contexts = data is JsonArray items
                    ? items.Select((item, i) => (JsValues.FromNode(item), (object?)(double)i)).ToList()
                    : [(data, scope.Index)];
            }
            var copies = new List<JsonObject>();
            foreach (var (data, index) in contexts)
            {
                var inner = scope with { Data = data is JsUndefined ? scope.Data : data, Index = index };
                if (obj.TryGetPropertyValue("$when", out var when) && !bindings.When(when, inner)) continue;
                copies.Add(ExpandProperties(obj, inner, isFact));
            }
            return copies.Count switch
            {
                0 => null,
                1 => copies[0],
                _ => new JsonArray([.. copies]),
            };
        }

        private JsonObject ExpandProperties(JsonObject obj, Scope scope, bool isFact)
        {
            var result = new JsonObject();
            var type = TypeOf(obj);
            foreach (var (key, value) in obj)
            {
                if (Reserved.Contains(key)) continue;
                var expanded = Expand(value, scope, PlaceOf(type, key, isFact));
                if (expanded is not JsUndefined) result[key] = (JsonNode?)expanded;
            }
            return result;
        }
    }
}
