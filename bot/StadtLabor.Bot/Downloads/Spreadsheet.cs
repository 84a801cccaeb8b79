using System.Text;
using ClosedXML.Excel;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// A table as a download: CSV for German Excel (UTF-8 with BOM, semicolons, RFC 4180 quotes) or XLSX. Cells are
/// always text, and a cell that a spreadsheet would read as a formula (= + - @, tab, carriage return at the start)
/// gets a leading apostrophe: a name like "=HYPERLINK(...)" typed into Teams must not run in the lab team's Excel.
/// </summary>
public static class Spreadsheet
{
    public static string Safe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    public static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in new[] { header }.Concat(rows))
            csv.Append(string.Join(';', row.Select(Quote))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add(sheetName);
        var r = 1;
        foreach (var row in new[] { header }.Concat(rows))
        {
            for (var c = 0; c < row.Count; c++)
            {
                // Text format and an explicit string type: ClosedXML would otherwise guess numbers and dates.
                var cell = sheet.Cell(r, c + 1);
                cell.Style.NumberFormat.Format = "@";
                cell.SetValue(Safe(row[c]));
                cell.DataType = XLDataType.Text;
            }
            r++;
        }
        sheet.Row(1).Style.Font.Bold = true;
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private static string Quote(string value)
    {
        var safe = Safe(value);
        return safe.IndexOfAny(['"', ';', ',', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
