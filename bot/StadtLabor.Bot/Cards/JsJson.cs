using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Cards;

// JavaScript's JSON.stringify for what string() and concat() print: compact, keys in order,
// JavaScript's escapes (lower-case \u00xx, lone surrogates escaped, everything else as it is).
internal static class JsJson
{
    public static string Stringify(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in obj)
                {
                    if (!first) builder.Append(',');
                    first = false;
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, JsValues.FromNode(item));
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(builder, JsValues.FromNode(array[i]));
                }
                builder.Append(']');
                break;
            case string s: WriteString(builder, s); break;
            case null or JsUndefined: builder.Append("null"); break;
            default: builder.Append(JsValues.ToJsString(value)); break;
        }
    }

    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var loneSurrogate = char.IsHighSurrogate(c) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
                : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || loneSurrogate => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        builder.Append('"');
    }
}
