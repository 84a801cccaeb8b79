using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// The figures of <see cref="SurveyResults"/> in words, for the results card and the published summary: per group
/// (everyone, then each group of the breakdown) how many, the mean and each answer's share, per wave side by side,
/// with the change in points against the wave before where both figures are shown. Nothing is counted here: a figure
/// is printed as <see cref="SurveyResults"/> decided it, and a withheld one only by its reason.
/// </summary>
public static class FigureWords
{
    /// <summary>The sections of the card: everyone first, then the breakdown's groups in their order.</summary>
    public static JsonArray Sections(TurnContext turn, IReadOnlyList<WaveQuestionFigures> waves, int k)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(waves);
        var sections = new JsonArray();
        if (waves.Count == 0) return sections;
        var first = waves[0].Figures;
        sections.Add(Section(turn, turn.Word("surveysResults.overall"), waves.Select(w => (w.Wave, (GroupFigures?)w.Figures.Overall)).ToList(), first.Question, k));
        foreach (var group in first.Groups)
        {
            var label = group.Label.Length > 0 ? CardText.Plain(group.Label, SurveyLimits.OptionText) : turn.Word("surveysResults.breakdownNone");
            sections.Add(Section(turn, label, waves.Select(w => (w.Wave, w.Figures.Groups.FirstOrDefault(g => g.Key == group.Key))).ToList(), first.Question, k));
        }
        return sections;
    }

    /// <summary>Why a figure is not shown, in the words of the small-group rule.</summary>
    public static string Reason(TurnContext turn, Withheld why, int k)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return why == Withheld.TooFew ? turn.Format("smallGroups.fewerThan", k) : turn.Word("smallGroups.withheld");
    }

    /// <summary>Whether any shown figure has a shown counterpart in the wave before (then the card explains the points).</summary>
    public static bool HasDelta(IReadOnlyList<WaveQuestionFigures> waves)
    {
        ArgumentNullException.ThrowIfNull(waves);
        for (var w = 1; w < waves.Count; w++)
        {
            var (a, b) = (waves[w - 1].Figures.Overall, waves[w].Figures.Overall);
            if (a.Mean is not null && b.Mean is not null) return true;
            if (a.Options.Zip(b.Options).Any(p => p.First.Percent is not null && p.Second.Percent is not null)) return true;
        }
        return false;
    }

    private static JsonObject Section(TurnContext turn, string heading, List<(SurveyWave Wave, GroupFigures? Figures)> waves, SurveyQuestion q, int k)
    {
        var culture = Strings.Culture(turn.Lang);
        var several = waves.Count > 1;
        string PerWave(Func<int, string> value) =>
            string.Join(" · ", waves.Select((w, i) => several ? turn.Format("surveysResults.waveValue", w.Wave.Number, value(i)) : value(i)));

        var people = PerWave(i => waves[i].Figures is { Shown: true, People: { } n }
            ? turn.Format("surveysResults.people", n.ToString("N0", culture))
            : Reason(turn, waves[i].Figures?.Why ?? Withheld.TooFew, k));
        var facts = new JsonArray();
        if (q.Kind is QuestionKind.Scale or QuestionKind.Number)
        {
            facts.Add(Fact(turn.Word("surveysResults.mean"), PerWave(i =>
            {
                if (waves[i].Figures is not { Shown: true, Mean: { } mean }) return Reason(turn, waves[i].Figures?.Why ?? Withheld.TooFew, k);
                var text = mean.ToString("0.0", culture);
                return i > 0 && waves[i - 1].Figures is { Shown: true, Mean: { } before }
                    ? text + " (" + Signed(mean - before, "0.0", culture) + ")"
                    : text;
            })));
        }
        if (q.Kind != QuestionKind.FreeText)
        {
            var categories = QuestionTable.Categories(q);
            for (var c = 0; c < categories.Count; c++)
            {
                var row = c;
                facts.Add(Fact(CardText.Plain(categories[c], SurveyLimits.OptionText), PerWave(i =>
                {
                    var option = waves[i].Figures is { } g && row < g.Options.Count ? g.Options[row] : null;
                    if (option is not { Shown: true, Percent: { } percent, Count: { } n }) return Reason(turn, option?.Why ?? Withheld.InsideWithheld, k);
                    var text = turn.Format("surveysResults.percent", percent.ToString("0", culture), n.ToString("N0", culture));
                    var before = i > 0 && waves[i - 1].Figures is { } p && row < p.Options.Count ? p.Options[row] : null;
                    return before is { Shown: true, Percent: { } was }
                        ? text + ", " + turn.Format("surveysResults.delta", Signed(Math.Round(percent) - Math.Round(was), "0", culture))
                        : text;
                })));
            }
        }
        return new JsonObject { ["heading"] = heading, ["people"] = people, ["facts"] = facts, ["hasFacts"] = facts.Count > 0 };
    }

    private static string Signed(double value, string format, CultureInfo culture)
    {
        var text = Math.Abs(value).ToString(format, culture);
        var zero = Math.Abs(value).ToString(format, culture) == 0.0.ToString(format, culture);
        return zero ? "±" + text : (value > 0 ? "+" : "−") + text;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
