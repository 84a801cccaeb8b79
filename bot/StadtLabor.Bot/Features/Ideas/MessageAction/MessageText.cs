using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Features.Ideas.MessageAction;

/// <summary>
/// The text of the Teams message the action started from (<c>value.messagePayload.body</c>), as plain text to prefill
/// the idea form. Teams sends the body as HTML: tags are dropped, entities decoded, paragraphs and line breaks kept.
/// Data minimisation: the message is usually someone else's, so neither its author nor the people it mentions (the
/// <c>&lt;at&gt;</c> mentions) nor the quoted reply's author come along; only what the message says.
/// </summary>
public static partial class MessageText
{
    /// <summary>Longer bodies are cut before parsing: the description keeps 2,000 characters anyway.</summary>
    private const int MaxInput = 64 * 1024;

    /// <summary>The plain text of <c>value.messagePayload.body</c>; "" when there is none (an image, a card).</summary>
    public static string Of(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = (value["messagePayload"] as JsonObject)?["body"] as JsonObject;
        if (body?["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String) return "";
        var text = content.GetValue<string>();
        if (text.Length > MaxInput) text = text[..MaxInput];
        var isHtml = !(body["contentType"] is JsonValue type && type.GetValueKind() == JsonValueKind.String
            && string.Equals(type.GetValue<string>(), "text", StringComparison.OrdinalIgnoreCase));
        return Tidy(isHtml ? FromHtml(text) : text);
    }

    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        // In HTML a line break in the source is a space; lines are made by <br> and by the end of a block (a run of
        // closing tags, "</p></div>", is one line break, not several).
        var text = Dropped().Replace(html.Replace('\r', ' ').Replace('\n', ' '), " ");
        text = LineBreak().Replace(text, "\n");
        text = Tag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    /// <summary>The first sentence (or line), at most <see cref="IdeaLimits.Title"/> characters, cut between words.</summary>
    public static string Title(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var end = SentenceEnd(line);
        var sentence = end < 0 ? line : line[..(end + 1)];
        // A title reads better without a full stop; a question keeps its mark.
        if (sentence.EndsWith('.') && !sentence.EndsWith("...", StringComparison.Ordinal)) sentence = sentence[..^1];
        return Cut(sentence.Trim(), IdeaLimits.Title);
    }

    /// <summary>The whole text, at most <see cref="IdeaLimits.Description"/> characters, cut between words.</summary>
    public static string Description(string text) => Cut(text, IdeaLimits.Description);

    /// <summary>At most <paramref name="max"/> characters; a longer text ends at the last word that fits, with "…".</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max) return text;
        var room = text[..(max - 1)];
        if (char.IsLowSurrogate(text[max - 1])) room = room[..^1]; // never split an emoji in two
        var space = room.LastIndexOfAny([' ', '\n']);
        // A single long word (a link) is cut where it must be.
        if (space > max / 2) room = room[..space];
        return room.TrimEnd() + "…";
    }

    /// <summary>
    /// The index of the full stop (or ! ?) that ends the first sentence, or -1. A dot after a number ("1. Dezember"),
    /// a single letter ("z. B.") or a common abbreviation does not end a sentence.
    /// </summary>
    private static int SentenceEnd(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is not ('.' or '!' or '?')) continue;
            if (i + 1 < line.Length && !char.IsWhiteSpace(line[i + 1])) continue;
            if (line[i] == '.' && IsAbbreviation(line[..i])) continue;
            return i;
        }
        return -1;
    }

    private static bool IsAbbreviation(string before)
    {
        var start = before.LastIndexOf(' ') + 1;
        var word = before[start..];
        return word.Length <= 1 || word.All(char.IsDigit) || Abbreviations.Contains(word);
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "bzw", "ca", "dr", "etc", "evtl", "ggf", "inkl", "nr", "str", "usw", "vgl", "zb", "hr", "fr", "abt", "tel", "mo", "di",
        "mi", "do", "sa", "so", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "e.g", "i.e",
    };

    /// <summary>Invisible and control characters out, spaces within each line collapsed, at most one empty line in a row.</summary>
    private static string Tidy(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r', '\u2028', '\u2029'))
        {
            var line = new StringBuilder(raw.Length);
            foreach (var c in raw)
            {
                // Bidi overrides could make text read differently from what it is; \u00A0 from &nbsp; is a space.
                var invisible = c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200B' or '\u200E' or '\u200F' or '\uFEFF';
                if (invisible) continue;
                line.Append(char.IsWhiteSpace(c) ? ' ' : char.GetUnicodeCategory(c) == UnicodeCategory.Control ? ' ' : c);
            }
            var tidy = Spaces().Replace(line.ToString(), " ").Trim();
            if (tidy.Length > 0 || (lines.Count > 0 && lines[^1].Length > 0)) lines.Add(tidy);
        }
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join("\n", lines);
    }

    // Mentions name people, a quoted reply names its author: not part of the idea. Scripts and styles are no text.
    [GeneratedRegex("""<at\b[^>]*>.*?</at\s*>|<blockquote\b[^>]*schema\.skype\.com/Reply[^>]*>.*?</blockquote\s*>|<(script|style)\b[^>]*>.*?</\1\s*>""",
        RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Dropped();

    [GeneratedRegex(@"<br\s*/?>|(?:</(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|pre)\s*>\s*)+", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tag();

    [GeneratedRegex(@" {2,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();
}
