using ScottPlot;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>One set of bars: a wave (without a breakdown) or a group of the newest wave (with one).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<OptionFigure> Options, bool Withheld);

/// <summary>The words a chart prints (the chart is an image: its words are chosen when it is drawn).</summary>
public sealed record ChartWords(string Percent, string FewerThan, string Hidden);

/// <summary>
/// Draws a question's distribution as a PNG with ScottPlot: one cluster per answer category, one bar per series,
/// height the shown percentage. Only figures <see cref="SurveyResults"/> let through become bars; a withheld category
/// gets its reason written where its bar would stand, and a withheld series is named in the legend with the reason,
/// so an empty spot is never read as "0 %". Pure: the figures are decided before they come here.
/// </summary>
public static class ResultsChart
{
    public const int Width = 800;
    public const int Height = 420;
    private const int MaxLabel = 18;

    public static byte[] Png(IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, ChartWords words)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(words);
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var count = Math.Max(1, series.Count);
        var barWidth = 0.8 / count;
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            var color = palette.GetColor(s);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = series[s].Withheld ? series[s].Name + ": " + words.Hidden : series[s].Name,
                FillColor = color,
            });
            if (series[s].Withheld) continue;
            for (var c = 0; c < categories.Count && c < series[s].Options.Count; c++)
            {
                var x = c + (s - (count - 1) / 2.0) * barWidth;
                var option = series[s].Options[c];
                if (option is { Shown: true, Percent: { } percent })
                {
                    bars.Add(new Bar { Position = x, Value = percent, FillColor = color, Size = barWidth * 0.9 });
                    continue;
                }
                var why = option.Why == Privacy.SmallGroups.Withheld.TooFew ? words.FewerThan : words.Hidden;
                var label = plot.Add.Text(why, x, 2);
                label.LabelFontSize = 11;
                label.LabelRotation = -90;
                label.LabelAlignment = Alignment.MiddleLeft;
                label.LabelFontColor = Colors.Black;
            }
        }
        if (bars.Count > 0) plot.Add.Bars(bars);
        var positions = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray();
        var labels = categories.Select(Short).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, 105);
        plot.YLabel(words.Percent);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Short(string label) => label.Length <= MaxLabel ? label : label[..(MaxLabel - 1)] + "…";
}
