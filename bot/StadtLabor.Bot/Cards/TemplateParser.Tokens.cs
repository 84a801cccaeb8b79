using System.Globalization;
using System.Text;

namespace StadtLabor.Bot.Cards;

// The token level of TemplateParser: identifiers, literals and operators inside one ${...}.
internal sealed partial class TemplateParser
{
    private static bool IsScopeName(string name) =>
        name.Equals("$root", StringComparison.OrdinalIgnoreCase) || name.Equals("$data", StringComparison.OrdinalIgnoreCase)
        || name.Equals("$index", StringComparison.OrdinalIgnoreCase);

    private string ReadIdentifier()
    {
        SkipSpace();
        var start = pos;
        if (pos < text.Length && text[pos] == '$') pos++;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) pos++;
        if (pos == start || char.IsAsciiDigit(text[start])) Fail($"unexpected '{text[start..]}'");
        return text[start..pos];
    }

    private double ReadNumber()
    {
        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        if (pos + 1 < text.Length && text[pos] == '.' && char.IsAsciiDigit(text[pos + 1]))
        {
            pos++;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        }
        if (pos < text.Length && (char.IsAsciiLetter(text[pos]) || text[pos] == '.')) Fail($"unsupported number '{text[start..]}'");
        return double.Parse(text[start..pos], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private string ReadString(char quote)
    {
        var result = new StringBuilder();
        for (pos++; pos < text.Length; pos++)
        {
            var c = text[pos];
            if (c == quote)
            {
                pos++;
                return result.ToString();
            }
            if (c != '\\') result.Append(c);
            else if (++pos < text.Length && text[pos] is '\\' or '\'' or '"') result.Append(text[pos]);
            else Fail("only \\\\, \\' and \\\" escapes are supported in string literals");
        }
        Fail("unterminated string literal");
        return "";
    }

    private void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (!text.AsSpan(pos).StartsWith(token, StringComparison.Ordinal)) return false;
        // "<" must not swallow the start of "<=", nor "!" the start of "!=".
        if (token is "<" or ">" or "!" && pos + 1 < text.Length && text[pos + 1] == '=') return false;
        pos += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token)) Fail($"expected '{token}'");
    }
}
