using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// The words of the bot, from Resources/strings.de.json and strings.en.json (embedded): nested
/// objects of texts. Cards get the whole tree as data "t"; C# uses Get/Format for the few texts
/// it sends itself. German first: every locale that is not English gets German.
/// </summary>
public sealed class Strings
{
    public const string German = "de";
    public const string English = "en";

    private readonly Dictionary<string, JsonObject> words;

    public Strings() : this(LoadEmbedded(typeof(Strings).Assembly))
    {
    }

    internal Strings(IReadOnlyDictionary<string, JsonObject> words)
    {
        this.words = new Dictionary<string, JsonObject>(words, StringComparer.Ordinal);
        foreach (var tree in this.words.Values) JsonTrees.Materialize(tree);
    }

    public static IReadOnlyList<string> Languages { get; } = [German, English];

    /// <summary>The language for a Teams locale such as "de-DE" or "en-US" (null: German).</summary>
    public static string For(string? locale) =>
        locale is not null && locale.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : German;

    /// <summary>A copy of the language's whole word tree, for a card's data "t".</summary>
    public JsonObject Words(string lang) => Tree(lang).DeepClone().AsObject();

    /// <summary>The text at a dotted key such as "menu.title".</summary>
    public string Get(string lang, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        JsonNode? node = Tree(lang);
        foreach (var part in key.Split('.')) node = node is JsonObject obj ? obj[part] : null;
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new KeyNotFoundException($"No text '{key}' in strings.{lang}.json");
    }

    /// <summary>Whether the language has a text at this dotted key (for names that may come without words, such as test jobs).</summary>
    public bool Has(string lang, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        JsonNode? node = Tree(lang);
        foreach (var part in key.Split('.')) node = node is JsonObject obj ? obj[part] : null;
        return node is JsonValue value && value.TryGetValue<string>(out _);
    }

    /// <summary>Get with {0}-style placeholders filled in, numbers and dates in the language's format.</summary>
    public string Format(string lang, string key, params object?[] args) =>
        string.Format(Culture(lang), Get(lang, key), args);

    public static CultureInfo Culture(string lang) =>
        CultureInfo.GetCultureInfo(lang == English ? "en-GB" : "de-DE");

    /// <summary>The language's word tree itself, for readers that never change it (the card renderer).</summary>
    internal JsonObject Tree(string lang) => words.TryGetValue(lang, out var tree)
        ? tree
        : throw new ArgumentException($"No words for language '{lang}' (have: {string.Join(", ", words.Keys)})", nameof(lang));

    // MSBuild takes the ".de" in "strings.de.json" for a culture and moves the file into the
    // satellite assembly de/StadtLabor.Bot.resources.dll unless the csproj item says
    // WithCulture="false". Reading it from there too keeps the words loading either way.
    private static Stream? SatelliteStream(Assembly assembly, string lang, string resource)
    {
        try
        {
            return assembly.GetSatelliteAssembly(CultureInfo.GetCultureInfo(lang)).GetManifestResourceStream(resource);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static Dictionary<string, JsonObject> LoadEmbedded(Assembly assembly) =>
        Languages.ToDictionary(lang => lang, lang =>
        {
            var resource = $"strings/strings.{lang}.json";
            using var stream = assembly.GetManifestResourceStream(resource) ?? SatelliteStream(assembly, lang, resource)
                ?? throw new InvalidOperationException($"Embedded resource {resource} is missing");
            return JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidOperationException($"{resource} is not a JSON object");
        });
}
