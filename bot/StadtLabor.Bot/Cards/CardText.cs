using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// Text from data on a card. <see cref="Markdown"/> is the escape the renderer applies to every string from data that
/// lands where Teams reads markdown (TextBlock.text, Fact.title, Fact.value); <see cref="Plain"/> tidies user text
/// before it goes into the data (invisible characters, lines, length).
/// </summary>
public static partial class CardText
{
    public const int DefaultMaxLength = 300;

    // Markdown that would format text or hide a link target anywhere in a line. Teams desktop and
    // web (markdown-it) honour backslash escapes; older mobile clients show the backslash, so
    // characters that only matter at a line start are escaped only there.
    private const string EscapeAnywhere = "\\`*_[]<>{}|~";

    /// <summary>
    /// Tidies user-typed text for a card: control and bidi characters removed, each line its own paragraph (a single
    /// newline would be joined by markdown), cut to maxLength visible characters (grapheme clusters) with "…".
    /// Markdown is not escaped here: the renderer escapes every data string that lands in markdown text, so escaping
    /// here too would show the backslashes. Plain text properties (Action titles, choices, inputs) take it as it is.
    /// </summary>
    public static string Plain(string? userText, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(userText)) return "";
        var lines = RemoveInvisible(userText).Split('\n')
            .Select(line => line.Trim()) // leading spaces would make a code block, trailing ones a line break
            .Where(line => line.Length > 0);
        return Truncate(string.Join("\n\n", lines), maxLength);
    }

    /// <summary>
    /// Returns text that renders literally in Teams' markdown: no link (neither [x](url) nor an auto-linked raw URL,
    /// www. address or e-mail), no bold, italics, lists, headings, quotes, code, tables, HTML or entities. Control and
    /// bidi characters are removed and each line is trimmed (leading spaces make a code block). Used by
    /// <see cref="CardRenderer"/> for every string from data in a markdown property; not for plain-text properties,
    /// which would show the backslashes.
    /// </summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        return string.Join("\n", RemoveInvisible(text).Split('\n').Select(line => EscapeLine(line.Trim())));
    }

    private static string RemoveInvisible(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c is '\r' or '\u2028' or '\u2029') c = '\n';
            if (c == '\t') c = ' ';
            // Bidi overrides and isolates can make a name read differently from what it is.
            var invisible = c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\uFEFF';
            if (invisible || c != '\n' && char.GetUnicodeCategory(c) == UnicodeCategory.Control) continue;
            result.Append(c);
        }
        return result.ToString();
    }

    private static string Truncate(string text, int maxLength)
    {
        var info = new StringInfo(text);
        if (info.LengthInTextElements <= maxLength) return text;
        return info.SubstringByTextElements(0, maxLength - 1).TrimEnd() + "…";
    }

    private static string EscapeLine(string line)
    {
        var result = new StringBuilder(line.Length + 8);
        // Headings, lists, quotes, setext underlines; "1." or "1)" starts a numbered list.
        var start = line.Length > 0 && line[0] is '#' or '-' or '+' or '=' or '>' ? 1 : 0;
        var listNumber = ListNumber().Match(line);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var escape = EscapeAnywhere.Contains(c, StringComparison.Ordinal)
                || i < start
                || listNumber.Success && i == listNumber.Length - 1
                || c == '&' && EntityAt().IsMatch(line.AsSpan(i))
                || BreaksAutoLink(line, i);
            if (escape) result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>
    /// Clients that auto-link (markdown-it's linkify, Teams' own) look for "scheme://", "www." plus a domain, and
    /// "name@domain"; an escaped ':' before "//", '@', or '.' between a letter or digit and a letter splits the text
    /// there, so nothing is recognised, while the reader still sees the same characters. Dates ("01.12.") and
    /// sentences ("Dr. Müller") keep their dots unescaped.
    /// </summary>
    private static bool BreaksAutoLink(string line, int i) => line[i] switch
    {
        ':' => line.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal),
        '@' => true,
        '.' => i > 0 && char.IsLetterOrDigit(line[i - 1]) && i + 1 < line.Length && char.IsLetter(line[i + 1]),
        _ => false,
    };

    [GeneratedRegex(@"^\d+[.)]")]
    private static partial Regex ListNumber();

    // "&amp;" or "&#60;" would be shown decoded; a plain "&" in "Müller & Söhne" is left alone.
    [GeneratedRegex(@"^&[A-Za-z0-9#]+;")]
    private static partial Regex EntityAt();
}
