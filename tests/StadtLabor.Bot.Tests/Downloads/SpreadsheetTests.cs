using System.Text;
using ClosedXML.Excel;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Tests.Downloads;

public sealed class SpreadsheetTests
{
    private static readonly string[] Header = ["Name", "Status"];

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tTab")]
    [InlineData("\rReturn")]
    [InlineData("\nLine feed")]
    [InlineData(" =1+1")]
    [InlineData(" Erika")]
    [InlineData("\u00A0=1+1")]
    [InlineData("\uFF1DHYPERLINK(\"http://evil\")")]
    [InlineData("\uFF0B1")]
    [InlineData("\uFF0D1")]
    [InlineData("\uFF20SUM(A1)")]
    public void Safe_FormulaStart_GetsApostrophe(string value) => Assert.Equal("'" + value, Spreadsheet.Safe(value));

    [Theory]
    [InlineData("Erika Mustermann")]
    [InlineData("")]
    [InlineData("Anna-Lena")]
    [InlineData("Erika = Ordnungsamt")]
    [InlineData("1")]
    [InlineData("\uFF21nna")]
    public void Safe_OrdinaryText_Unchanged(string value) => Assert.Equal(value, Spreadsheet.Safe(value));

    [Fact]
    public void Csv_BomSemicolonsQuotesAndNeutralisedFormula()
    {
        var bytes = Spreadsheet.Csv(Header, [["=HYPERLINK(\"http://evil\";\"x\")", "Gebucht"], ["Meier; Max", "Warteliste"]]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(
            "Name;Status\r\n\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";Gebucht\r\n\"Meier; Max\";Warteliste\r\n",
            text);
    }

    [Fact]
    public void Xlsx_CellsAreTextAndFormulasNeutralised()
    {
        var bytes = Spreadsheet.Xlsx("Teilnehmende", Header, [["=HYPERLINK(\"http://evil\",\"x\")", "0815"], ["@cmd", "Gebucht"]]);

        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheet("Teilnehmende");
        Assert.Equal("Name", sheet.Cell(1, 1).GetString());
        foreach (var cell in new[] { sheet.Cell(2, 1), sheet.Cell(3, 1) })
        {
            Assert.False(cell.HasFormula);
            Assert.Equal(XLDataType.Text, cell.DataType);
        }
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", sheet.Cell(2, 1).GetString());
        Assert.Equal("0815", sheet.Cell(2, 2).GetString());
        Assert.Equal("'@cmd", sheet.Cell(3, 1).GetString());
    }
}
