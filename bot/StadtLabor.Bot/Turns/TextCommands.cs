using System.Globalization;
using System.Text;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// Matches what people type to a command, the way a colleague would read it: case and umlaut spelling do not
/// matter ("Menü", "menue", "MENU"), punctuation is ignored, and a small typo is forgiven ("schulugnen").
/// </summary>
public static class TextCommands
{
    /// <summary>
    /// Half of a surrogate pair (an emoji cut in two by a client, or a fuzzer's text) makes string.Normalize throw; it
    /// is no letter anyway, so it becomes a space (found by the fuzz suite).
    /// </summary>
    private static string WithoutLoneSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[++i]);
                continue;
            }
            sb.Append(char.IsSurrogate(text[i]) ? ' ' : text[i]);
        }
        return sb.ToString();
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var lower = WithoutLoneSurrogates(text.Trim().ToLowerInvariant())
            .Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal);
        var sb = new StringBuilder(lower.Length);
        foreach (var c in lower.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Typos forgiven for a phrase of this length: none for short words, where one letter changes the meaning.</summary>
    public static int AllowedTypos(int phraseLength) => phraseLength switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>Optimal string alignment distance (Levenshtein plus swapped neighbours, the commonest typo).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
