using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Results;

namespace StadtLabor.Bot.Tests.Surveys;

/// <summary>The result chart drawn headless (ScottPlot on SkiaSharp's Linux library) and the link target that names it.</summary>
public sealed class ResultsChartTests
{
    private static readonly ChartWords Words = new("Anteil in Prozent", "< 5", "ausgeblendet");

    private static OptionFigure Shown(string label, int count, double percent) => new(label, Withheld.None, count, percent);

    private static OptionFigure Hidden(string label, Withheld why) => new(label, why, null, null);

    private static int PngWidth(byte[] png) => (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    [Fact]
    public void Png_TwoWavesWithWithheldCategoryAndGroup_ValidPngOfTheChartSize()
    {
        var series = new[]
        {
            new ChartSeries("Welle 1", [Shown("0", 10, 50), Hidden("1", Withheld.TooFew), Shown("2", 10, 50)], Withheld: false),
            new ChartSeries("Welle 2", [Hidden("0", Withheld.Complementary), Shown("1", 6, 30), Shown("2", 14, 70)], Withheld: false),
            new ChartSeries("Bauen", [], Withheld: true),
        };

        var png = ResultsChart.Png(["0", "1", "2"], series, Words);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(ResultsChart.Width, PngWidth(png));
    }

    [Fact]
    public void Png_ShownFiguresChange_ImageChanges()
    {
        var a = ResultsChart.Png(["ja", "nein"], [new ChartSeries("Welle 1", [Shown("ja", 5, 25), Shown("nein", 15, 75)], false)], Words);
        var b = ResultsChart.Png(["ja", "nein"], [new ChartSeries("Welle 1", [Shown("ja", 15, 75), Shown("nein", 5, 25)], false)], Words);
        var hidden = ResultsChart.Png(["ja", "nein"], [new ChartSeries("Welle 1", [Hidden("ja", Withheld.TooFew), Hidden("nein", Withheld.Complementary)], false)], Words);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, hidden);
    }

    [Theory]
    [InlineData(1L, 0, "de")]
    [InlineData(987654321L, 4, "en")]
    [InlineData(42L, 1, "de")]
    public void ChartTarget_PackUnpack_SameQuestionSlotLanguage(long question, int slot, string lang)
    {
        var target = new ChartTarget(question, slot, lang);

        Assert.Equal(target, ChartTarget.Unpack(target.Pack()));
    }

    [Theory]
    [InlineData(5L)]      // no question
    [InlineData(4250L)]   // slot 5: not a breakdown slot
    [InlineData(4202L)]   // language 2: none
    public void ChartTarget_Unpack_OutOfRange_Null(long packed) => Assert.Null(ChartTarget.Unpack(packed));
}
