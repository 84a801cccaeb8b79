using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// Looks for a person in anything the bot gives out: a card, an activity, an outbox row's JSON (with JSON inside
/// strings), a CSV, an XLSX (a zip of XML) or a page. Strings are read as the reader sees them (JSON and XML escapes
/// undone, URLs decoded), so an escaped umlaut or an encoded link cannot hide a name. Case-insensitive.
/// </summary>
public static class PrivacyLeakScan
{
    /// <summary>"where: …text around the hit…" for every needle found in the content.</summary>
    public static IReadOnlyList<string> Find(string where, byte[] content, IReadOnlyCollection<string> needles)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > 4 && content[0] == (byte)'P' && content[1] == (byte)'K')
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var hits = new List<string>();
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                hits.AddRange(Find($"{where} [{entry.FullName}]", reader.ReadToEnd(), needles));
            }
            return hits;
        }
        return Find(where, Encoding.UTF8.GetString(content), needles);
    }

    public static IReadOnlyList<string> Find(string where, string text, IReadOnlyCollection<string> needles)
    {
        ArgumentNullException.ThrowIfNull(text);
        var readable = new List<string> { text, WebUtility.HtmlDecode(text) };
        try
        {
            readable.Add(Uri.UnescapeDataString(text));
        }
        catch (UriFormatException)
        {
        }
        if (Parse(text) is { } json) readable.AddRange(Strings(json));
        var hits = new List<string>();
        foreach (var needle in needles.Where(n => n.Length > 0))
        {
            var hit = readable.FirstOrDefault(r => r.Contains(needle, StringComparison.OrdinalIgnoreCase));
            if (hit is null) continue;
            var at = hit.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            hits.Add($"{where}: …{hit[Math.Max(0, at - 80)..Math.Min(hit.Length, at + needle.Length + 80)]}…");
        }
        return hits;
    }

    /// <summary>Every string in a JSON document, and the strings of JSON documents held in strings (an outbox row's activity).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => o.SelectMany(p => new[] { p.Key }.Concat(Strings(p.Value))),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Nested(v.GetValue<string>()),
        _ => [node.ToJsonString()],
    };

    private static IEnumerable<string> Nested(string s)
    {
        yield return s;
        yield return WebUtility.HtmlDecode(s);
        if (Parse(s) is { } inner)
            foreach (var t in Strings(inner)) yield return t;
    }

    private static JsonNode? Parse(string text)
    {
        var t = text.TrimStart();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
