using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// The words a figure is printed in, for a chat turn or a page: the same keys, the reader's language.
/// </summary>
public sealed record FigureText(Func<string, string> Word, Func<string, object?[], string> Format, string Lang)
{
    public CultureInfo Culture => Strings.Culture(Lang);

    public static FigureText Of(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new(turn.Word, turn.Format, turn.Lang);
    }

    public static FigureText Of(Strings strings, string lang)
    {
        ArgumentNullException.ThrowIfNull(strings);
        return new(key => strings.Get(lang, key), (key, args) => strings.Format(lang, key, args), lang);
    }
}

/// <summary>
/// The figures of <see cref="SurveyResults"/> in words, for the results card, the published summary and the survey
/// dashboard page (Pages/Surveys): per group (everyone, then each group of the breakdown) how many, the mean and each
/// answer's share, per wave side by side, with the change in points against the wave before where both figures are
/// shown. Nothing is counted here: a figure is printed as <see cref="SurveyResults"/> decided it, and a withheld one
/// only by its reason. The card joins a wave's cells (<see cref="PeopleCell"/>, <see cref="MeanCell"/>,
/// <see cref="OptionCell"/>) in one line; the page puts each in a table cell, so both print the same figures.
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
    public static string Reason(TurnContext turn, Withheld why, int k) => Reason(FigureText.Of(turn), why, k);

    public static string Reason(FigureText t, Withheld why, int k)
    {
        ArgumentNullException.ThrowIfNull(t);
        return why == Withheld.TooFew ? t.Format("smallGroups.fewerThan", [k]) : t.Word("smallGroups.withheld");
    }

    /// <summary>How many people a group of one wave holds ("23 Personen"), or why that is withheld.</summary>
    public static string PeopleCell(FigureText t, GroupFigures? g, int k)
    {
        ArgumentNullException.ThrowIfNull(t);
        return g is { Shown: true, People: { } n }
            ? t.Format("surveysResults.people", [n.ToString("N0", t.Culture)])
            : Reason(t, g?.Why ?? Withheld.TooFew, k);
    }

    /// <summary>A group's mean in one wave ("3,0 (−1,0)" against the wave before when both are shown), or why not.</summary>
    public static string MeanCell(FigureText t, GroupFigures? g, GroupFigures? before, int k)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (g is not { Shown: true, Mean: { } mean }) return Reason(t, g?.Why ?? Withheld.TooFew, k);
        var text = mean.ToString("0.0", t.Culture);
        return before is { Shown: true, Mean: { } was } ? text + " (" + Signed(mean - was, "0.0", t.Culture) + ")" : text;
    }

    /// <summary>An answer's share in a group of one wave ("75 % (15), +25 Punkte"), or why it is withheld.</summary>
    public static string OptionCell(FigureText t, GroupFigures? g, GroupFigures? before, int row, int k)
    {
        ArgumentNullException.ThrowIfNull(t);
        var option = g is not null && row < g.Options.Count ? g.Options[row] : null;
        if (option is not { Shown: true, Percent: { } percent, Count: { } n }) return Reason(t, option?.Why ?? Withheld.InsideWithheld, k);
        var text = t.Format("surveysResults.percent", [percent.ToString("0", t.Culture), n.ToString("N0", t.Culture)]);
        var was = before is not null && row < before.Options.Count ? before.Options[row] : null;
        return was is { Shown: true, Percent: { } p }
            ? text + ", " + t.Format("surveysResults.delta", [Signed(Math.Round(percent) - Math.Round(p), "0", t.Culture)])
            : text;
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
        var t = FigureText.Of(turn);
        var several = waves.Count > 1;
        string PerWave(Func<int, string> value) =>
            string.Join(" · ", waves.Select((w, i) => several ? turn.Format("surveysResults.waveValue", w.Wave.Number, value(i)) : value(i)));
        GroupFigures? Before(int i) => i > 0 ? waves[i - 1].Figures : null;

        var people = PerWave(i => PeopleCell(t, waves[i].Figures, k));
        var facts = new JsonArray();
        if (q.Kind is QuestionKind.Scale or QuestionKind.Number)
            facts.Add(Fact(turn.Word("surveysResults.mean"), PerWave(i => MeanCell(t, waves[i].Figures, Before(i), k))));
        if (q.Kind != QuestionKind.FreeText)
        {
            var categories = QuestionTable.Categories(q);
            for (var c = 0; c < categories.Count; c++)
            {
                var row = c;
                facts.Add(Fact(CardText.Plain(categories[c], SurveyLimits.OptionText), PerWave(i => OptionCell(t, waves[i].Figures, Before(i), row, k))));
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
