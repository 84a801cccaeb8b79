using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Privacy.MyData;

/// <summary>
/// The readable page of "meine daten": per kind its words, count, retention and a table of the records. Every
/// stored value is HTML-encoded (names and titles are typed by people); nested values (a sent card) show as JSON.
/// </summary>
public static class MyDataPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Umlauts stay readable; < > & " ' become entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(Strings strings, string lang, DateTime nowUtc, IReadOnlyList<PersonalDataKind> kinds, IReadOnlyList<PersonalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(records);
        var title = strings.Get(lang, "privacy.page.title");
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(title)}</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}")
            .Append("th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;word-break:break-all;margin:0;font-size:.8rem}</style>\n</head>\n<body>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>\n<p>{E(strings.Format(lang, "privacy.page.created", Time(nowUtc)))}</p>\n");
        foreach (var kind in kinds)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(MyDataWords.What(strings, lang, kind.Kind))}</h2>\n<dl>")
                .Append(CultureInfo.InvariantCulture, $"<dt>{E(strings.Get(lang, "privacy.mine.count"))}</dt><dd>{E(MyDataWords.Number(lang, kind.Count))}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>{E(strings.Get(lang, "privacy.why"))}</dt><dd>{E(MyDataWords.Why(strings, lang, kind.Kind))}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>{E(strings.Get(lang, "privacy.howLong"))}</dt><dd>{E(MyDataWords.HowLong(strings, lang, kind))}</dd></dl>\n");
            var rows = records.Where(r => r.Kind == kind.Kind).ToList();
            if (rows.Count == 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(strings.Get(lang, "privacy.page.none"))}</p>\n");
                continue;
            }
            var columns = rows.SelectMany(r => r.Fields.Keys).Distinct(StringComparer.Ordinal).ToList();
            html.Append("<table>\n<tr>");
            foreach (var column in columns) html.Append(CultureInfo.InvariantCulture, $"<th>{E(column)}</th>");
            html.Append("</tr>\n");
            foreach (var row in rows)
            {
                html.Append("<tr>");
                foreach (var column in columns) html.Append(CultureInfo.InvariantCulture, $"<td>{Cell(row.Fields.GetValueOrDefault(column))}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime t => E(Time(t)),
        JsonNode node => "<pre>" + E(node.ToJsonString(Indented)) + "</pre>",
        IFormattable f => E(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => E(value.ToString() ?? ""),
    };

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);
}
