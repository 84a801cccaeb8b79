using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Cards;

/// <summary>Makes user-typed text safe to show in an Adaptive Card TextBlock (or FactSet).</summary>
public static partial class CardText
{
    public const int DefaultMaxLength = 300;

    // Markdown that would format text or hide a link target anywhere in a line. Teams desktop and
    // web (markdown-it) honour backslash escapes; older mobile clients show the backslash, so
    // characters that only matter at a line start are escaped only there.
    private const string EscapeAnywhere = "\\`*_[]<>{}|~";

    /// <summary>
    /// Returns text that renders literally: markdown is escaped (no links, bold, lists, headings,
    /// code, HTML or entities), control and bidi characters are removed, each line becomes its own
    /// paragraph (a single newline would be joined by markdown), and the text is cut to maxLength
    /// visible characters (grapheme clusters, before escaping) with "…". Not for Action titles or
    /// other plain-text properties, which would show the backslashes.
    /// </summary>
    public static string Plain(string? userText, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(userText)) return "";
        var lines = RemoveInvisible(userText).Split('\n')
            .Select(line => line.Trim()) // leading spaces would make a code block, trailing ones a line break
            .Where(line => line.Length > 0);
        var text = Truncate(string.Join("\n\n", lines), maxLength);
        return string.Join("\n\n", text.Split("\n\n").Select(EscapeLine));
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
        // Headings, lists, setext underlines; "1." or "1)" starts a numbered list.
        var start = line.Length > 0 && line[0] is '#' or '-' or '+' or '=' ? 1 : 0;
        var listNumber = ListNumber().Match(line);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var escape = EscapeAnywhere.Contains(c, StringComparison.Ordinal)
                || i < start
                || listNumber.Success && i == listNumber.Length - 1
                || c == '&' && EntityAt().IsMatch(line.AsSpan(i));
            if (escape) result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }

    [GeneratedRegex(@"^\d+[.)]")]
    private static partial Regex ListNumber();

    // "&amp;" or "&#60;" would be shown decoded; a plain "&" in "Müller & Söhne" is left alone.
    [GeneratedRegex(@"^&[A-Za-z0-9#]+;")]
    private static partial Regex EntityAt();
}
