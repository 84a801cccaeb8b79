using System.Text;
using ClosedXML.Excel;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// A table as a download: CSV for German Excel (UTF-8 with BOM, semicolons, RFC 4180 quotes) or XLSX. Cells are
/// always text, and a cell that a spreadsheet could read as a formula gets a leading apostrophe: a name like
/// "=HYPERLINK(...)" typed into Teams must not run in the lab team's Excel.
/// </summary>
public static class Spreadsheet
{
    /// <summary>
    /// Neutralised: = + - @ at the start (OWASP CSV injection), their full-width forms ＝ ＋ － ＠ (Excel and
    /// LibreOffice in East Asian input settings read them as the ASCII signs), and any whitespace at the start
    /// (space, tab, CR, LF, no-break space): spreadsheets and CSV importers trim it and then see the formula behind it.
    /// </summary>
    public static string Safe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && (FormulaStart(value[0]) || char.IsWhiteSpace(value[0])) ? "'" + value : value;
    }

    private static bool FormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

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
