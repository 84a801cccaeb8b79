using System.Reflection;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// Renders the card templates under cards/ (embedded as "cards/&lt;folder&gt;/&lt;name&gt;.json") in a
/// language. One instance for the app: templates are loaded once and only read afterwards.
/// </summary>
public sealed class CardRenderer
{
    private const string Prefix = "cards/";
    private const string Words = "t";
    private const string Contacts = "contacts";
    private static readonly TemplateExpander.DataText DataText = new(CardText.Markdown, Words, Contacts);
    private readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, JsonObject>>> shared;
    private readonly Dictionary<string, TemplateExpander.Prepared> templates;

    public CardRenderer(Strings strings) : this(strings, CardContacts.Default)
    {
    }

    public CardRenderer(Strings strings, CardContacts contacts) : this(strings, contacts, typeof(CardRenderer).Assembly)
    {
    }

    internal CardRenderer(Strings strings, CardContacts contacts, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(contacts);
        var contactsJson = contacts.ToJson();
        JsonTrees.Materialize(contactsJson);
        // Per language, the trees every card reads besides its data; shared by all turns, only ever read.
        shared = Strings.Languages.ToDictionary(lang => lang, lang => (IReadOnlyList<KeyValuePair<string, JsonObject>>)
            [new(Words, strings.Tree(lang)), new(Contacts, contactsJson)], StringComparer.Ordinal);
        templates = new Dictionary<string, TemplateExpander.Prepared>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // RecursiveDir uses the build machine's separator.
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var template = JsonNode.Parse(stream) as JsonObject
                ?? throw new InvalidOperationException($"Card {resource} is not a JSON object");
            var cardName = name[Prefix.Length..^".json".Length];
            // Checked and parsed here, once: a broken card stops the start instead of failing a turn.
            templates[cardName] = TemplateExpander.Prepare(template, cardName);
        }
    }

    /// <summary>Names such as "installations/welcome", "menu/main".</summary>
    public IEnumerable<string> CardNames => templates.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// Expands a card with the caller's data plus the language's words as "t" (cards write
    /// ${t.menu.title}, or ${$root.t.menu.title} inside a $data scope) and the checked addresses as "contacts"
    /// (${contacts.lab}, ${contacts.dataProtection}; see CardContacts). A "contacts" in the data (a card sample's) is
    /// replaced by the configured one. Every string from the data that lands
    /// in markdown text (TextBlock.text, Fact.title/value) is escaped here (CardText.Markdown), so no name, title or
    /// comment can become a link or formatting; the words and the template's own text are trusted. Tidy user-typed
    /// text with CardText.Plain (length, lines, invisible characters) before it goes into the data.
    /// </summary>
    public JsonObject Render(string cardName, string lang, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(cardName);
        ArgumentNullException.ThrowIfNull(data);
        if (!templates.TryGetValue(cardName, out var template))
            throw new ArgumentException($"No card '{cardName}' (have: {string.Join(", ", CardNames)})", nameof(cardName));
        if (data.ContainsKey(Words)) throw new ArgumentException("data.t is reserved for the words", nameof(data));
        if (!shared.TryGetValue(lang, out var trees))
            throw new ArgumentException($"No words for language '{lang}' (have: {string.Join(", ", shared.Keys)})", nameof(lang));
        return TemplateExpander.Expand(template, data, trees, DataText);
    }

    /// <summary>Every Action.Execute verb in a card, wherever the action sits (ActionSet, ShowCard, selectAction, fallback).</summary>
    public static IEnumerable<string> VerbsIn(JsonNode? card)
    {
        switch (card)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && obj["type"]!.GetValue<string>() == "Action.Execute"
                    && obj["verb"] is JsonValue verb && verb.TryGetValue<string>(out var name))
                    yield return name;
                foreach (var (_, value) in obj)
                    foreach (var inner in VerbsIn(value)) yield return inner;
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var inner in VerbsIn(item)) yield return inner;
                break;
        }
    }
}
