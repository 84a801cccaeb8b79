using CsCheck;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Tests.Privacy;

namespace StadtLabor.Bot.Tests.Surveys;

/// <summary>
/// Random surveys and random answers, and every result view a person can ask for: each question without a breakdown
/// and by each declared breakdown, in every wave (<see cref="QuestionTable"/>, as <see cref="SurveyResults"/> feeds it).
/// The attacker (<see cref="LinearAttacker"/>) takes, per question and wave, the unknowns "people with this combination
/// of all breakdown answers and this answer category" and as equations every count shown in any view of that question
/// and every count of the breakdown questions' own views (those are sums over the same people: group sizes and crosses
/// of breakdowns). Percentages are a shown count over a shown count, so they add nothing. No set of unknowns with 1 to
/// k-1 people may have a derivable sum.
/// Not checked here: means (a mean is shown with its count; the known limitation in SmallGroups' note: a mean near the
/// end of the scale says something about few people), and links between different questions or between the options
/// of one multiple-choice question beyond their shared group sizes (each option's yes/no table is its own question
/// here; "ticked both" of a two-option question is the difference of shown figures and is NOT covered by the rule).
/// Waves stand alone (different people, no pooled figure), so each wave is checked on its own.
/// </summary>
public sealed class ResultViewsPropertyTests
{
    private sealed record Case(int K, int[] Groups, int[][] Weights, SurveyQuestion[] Questions, int[][][] Waves, int Seed);

    /// <summary>A survey: 1–3 breakdowns of 2–5 groups (fewer when there are more, so the brute force stays small), one
    /// question of each kind, 1–2 waves of 0–80 respondents whose answers lean on some options (small cells).</summary>
    private static readonly Gen<Case> Cases =
        from k in Gen.Frequency((3, Gen.Const(5)), (1, Gen.Int[2, 4]), (1, Gen.Const(7)))
        from breakdowns in Gen.Int[1, 3]
        from groups in Gen.Int[2, breakdowns switch { 1 => 5, 2 => 3, _ => 2 }].Array[breakdowns]
        from options in Gen.Int[2, 3]
        from mcOptions in Gen.Int[2, 3]
        from wide in Gen.Bool
        from waves in Gen.Int[1, 2]
        from respondents in Gen.Int[0, 80].Array[waves]
        from seed in Gen.Int
        select Build(k, groups, options, mcOptions, wide, respondents, seed);

    private static Case Build(int k, int[] groups, int options, int mcOptions, bool wide, int[] respondents, int seed)
    {
        var random = new Random(seed);
        var questions = new List<SurveyQuestion>();
        for (var b = 0; b < groups.Length; b++)
            questions.Add(Question(questions.Count + 1, QuestionKind.SingleChoice, groups[b], breakdown: b + 1));
        questions.Add(Question(questions.Count + 1, QuestionKind.SingleChoice, options));
        questions.Add(Question(questions.Count + 1, QuestionKind.MultipleChoice, mcOptions));
        questions.Add(Question(questions.Count + 1, QuestionKind.Scale, 0));
        var number = Question(questions.Count + 1, QuestionKind.Number, 0);
        number.Min = 0;
        number.Max = wide ? 40 : 3;
        questions.Add(number);
        // Per question, uneven weights of its categories, so some cells are small.
        var weights = questions.Select(q => Enumerable.Range(0, Choices(q)).Select(_ => random.Next(4) == 0 ? 1 : random.Next(2, 12)).ToArray()).ToArray();
        var waves = respondents.Select(n => Enumerable.Range(0, n).Select(_ => questions.Select((q, i) => Draw(q, weights[i], random)).ToArray()).ToArray()).ToArray();
        return new Case(k, groups, weights, [.. questions], waves, seed);
    }

    private static SurveyQuestion Question(int id, QuestionKind kind, int options, int breakdown = 0) => new()
    {
        Id = id,
        SurveyId = 1,
        Position = id,
        Kind = kind,
        Text = $"q{id}",
        Options = SurveyQuestion.ToOptions(Enumerable.Range(0, options).Select(o => $"o{o}")),
        BreakdownSlot = breakdown,
    };

    /// <summary>How many raw answers a question has: options, masks, 1..5, numbers in range.</summary>
    private static int Choices(SurveyQuestion q) => q.Kind switch
    {
        QuestionKind.SingleChoice => q.OptionList().Count,
        QuestionKind.MultipleChoice => (1 << q.OptionList().Count) - 1,
        QuestionKind.Scale => 5,
        _ => 41,
    };

    /// <summary>A raw answer as stored: option index, mask (at least one ticked), 1..5, or a number in range.</summary>
    private static int Draw(SurveyQuestion q, int[] weights, Random random)
    {
        var count = q.Kind == QuestionKind.Number ? q.Max!.Value - q.Min!.Value + 1 : weights.Length;
        var pick = random.Next(weights.Take(count).Sum());
        var i = 0;
        while (pick >= weights[i]) pick -= weights[i++];
        return q.Kind switch
        {
            QuestionKind.MultipleChoice => i + 1,
            QuestionKind.Scale => i + 1,
            QuestionKind.Number => q.Min!.Value + i,
            _ => i,
        };
    }

    /// <summary>What SurveyResults' grouped query returns for a question by a slot (0: none).</summary>
    private static List<CountedAnswer> Counted(Case c, int question, int slot, int[][] wave)
    {
        var q = c.Questions[question];
        return [.. wave.GroupBy(r => (Group: slot == 0 ? (int?)null : r[slot - 1], Raw: r[question]))
            .Select(g => new CountedAnswer(g.Key.Group, q.Kind == QuestionKind.Number ? null : g.Key.Raw, q.Kind == QuestionKind.Number ? g.Key.Raw : null, g.Count()))];
    }

    /// <summary>The answer category of a raw answer in the table (for multiple choice: ticked option o or not).</summary>
    private static int Category(SurveyQuestion q, int raw, int option)
    {
        switch (q.Kind)
        {
            case QuestionKind.MultipleChoice: return (raw & (1 << option)) != 0 ? 0 : 1;
            case QuestionKind.Scale: return raw - 1;
            case QuestionKind.Number:
                var bands = QuestionTable.NumberBands(q);
                return Enumerable.Range(0, bands.Count).First(b => raw >= bands[b].From && raw <= bands[b].To);
            default: return raw;
        }
    }

    /// <summary>A shown figure of a view: which (respondent → bool) it counts, and how many it says.</summary>
    private sealed record Shown(Func<int[], bool> Counts, int People, string Where);

    /// <summary>Every count a view shows (overall, per option, per group, per cell); for multiple choice only option o.</summary>
    private static IEnumerable<Shown> Figures(Case c, int question, int slot, int[][] wave, SmallGroups smallGroups, int option)
    {
        var q = c.Questions[question];
        var labels = slot == 0 ? [] : c.Questions[slot - 1].OptionList();
        var figures = QuestionTable.Decide(q, Counted(c, question, slot, wave), labels, slot != 0, smallGroups, c.Groups.Length > 1);
        int Cat(int[] r, int row) => Category(q, r[question], q.Kind == QuestionKind.MultipleChoice ? row : 0);
        bool InRow(int[] r, int row) => q.Kind == QuestionKind.MultipleChoice ? row == option && Cat(r, row) == 0 : Cat(r, 0) == row;
        IEnumerable<Shown> Of(GroupFigures g, Func<int[], bool> inGroup)
        {
            if (g.People is { } n) yield return new Shown(inGroup, n, $"q{q.Id} by {slot}: {g.Key} people");
            for (var row = 0; row < g.Options.Count; row++)
                if (g.Options[row].Count is { } m && (q.Kind != QuestionKind.MultipleChoice || row == option))
                {
                    var at = row;
                    yield return new Shown(r => inGroup(r) && InRow(r, at), m, $"q{q.Id} by {slot}: {g.Key} row {at}");
                }
        }
        foreach (var s in Of(figures.Overall, _ => true)) yield return s;
        for (var g = 0; g < figures.Groups.Count; g++)
        {
            var group = g;
            foreach (var s in Of(figures.Groups[g], r => r[slot - 1] == group)) yield return s;
        }
    }

    [Fact]
    public void QuestionTable_AllViewsOfRandomSurveys_NoCountDerivableFromFewerThanK()
    {
        Cases.Sample(c =>
        {
            var smallGroups = new SmallGroups(Options.Create(new PrivacyOptions { MinGroupSize = c.K }));
            var breakdowns = c.Groups.Length;
            // Every combination of the breakdown answers, as an index.
            int Combo(int[] r) => Enumerable.Range(0, breakdowns).Aggregate(0, (acc, b) => acc * c.Groups[b] + r[b]);
            var combos = c.Groups.Aggregate(1, (a, g) => a * g);
            foreach (var wave in c.Waves)
            {
                // The breakdown questions' own views are about the same people: their counts join every question's equations.
                var breakdownFigures = Enumerable.Range(0, breakdowns)
                    .SelectMany(b => Enumerable.Range(0, breakdowns + 1).SelectMany(slot => Figures(c, b, slot, wave, smallGroups, 0))).ToList();
                for (var question = 0; question < c.Questions.Length; question++)
                {
                    var q = c.Questions[question];
                    var categories = q.Kind == QuestionKind.MultipleChoice ? 2 : q.IsBreakdown ? 1 : QuestionTable.Categories(q).Count;
                    foreach (var option in Enumerable.Range(0, q.Kind == QuestionKind.MultipleChoice ? q.OptionList().Count : 1))
                    {
                        int Unknown(int[] r) => Combo(r) * categories + (q.IsBreakdown ? 0 : Category(q, r[question], option));
                        var people = new int[combos * categories];
                        foreach (var r in wave) people[Unknown(r)]++;
                        // Which unknowns a figure counts: try every respondent shape (every combination × category).
                        var shapes = ShapesOf(c, question, option, categories);
                        var shown = Enumerable.Range(0, breakdowns + 1).SelectMany(slot => Figures(c, question, slot, wave, smallGroups, option)).Concat(breakdownFigures);
                        var equations = new List<int[]>();
                        var where = new List<string>();
                        foreach (var f in shown)
                        {
                            where.Add(f.Where);
                            var set = shapes.Where(s => f.Counts(s)).Select(Unknown).Distinct().ToArray();
                            Assert.Equal(set.Sum(u => people[u]), f.People);
                            equations.Add(set);
                        }
                        var found = LinearAttacker.FindSmallDerivableSet(people, equations, c.K);
                        Assert.True(found is null, $"question {q.Id} ({q.Kind}, option {option}), k = {c.K}: unknowns {string.Join(", ", found ?? [])} " +
                            $"with {string.Join("+", (found ?? []).Select(u => people[u]))} people are derivable (seed {c.Seed}); groups {string.Join("x", c.Groups)}, " +
                            $"people [{string.Join(",", people)}], shown: {string.Join("; ", where.Zip(equations, (w, e) => $"{w} = {{{string.Join(",", e)}}}"))}");
                    }
                }
            }
        }, iter: 150, threads: 1);
    }

    /// <summary>One made-up respondent per unknown: each combination of breakdown answers with a raw answer of each category.</summary>
    private static List<int[]> ShapesOf(Case c, int question, int option, int categories)
    {
        var q = c.Questions[question];
        var raws = q.IsBreakdown ? [0]
            : q.Kind == QuestionKind.MultipleChoice ? new[] { 1 << option, ((1 << q.OptionList().Count) - 1) & ~(1 << option) }
            : q.Kind == QuestionKind.Number ? [.. QuestionTable.NumberBands(q).Select(b => b.From)]
            : q.Kind == QuestionKind.Scale ? [1, 2, 3, 4, 5]
            : Enumerable.Range(0, categories).ToArray();
        var shapes = new List<int[]> { new int[c.Questions.Length] };
        for (var b = 0; b < c.Groups.Length; b++)
            shapes = [.. shapes.SelectMany(s => Enumerable.Range(0, c.Groups[b]).Select(g => { var t = (int[])s.Clone(); t[b] = g; return t; }))];
        return [.. shapes.SelectMany(s => raws.Select(raw =>
        {
            var t = (int[])s.Clone();
            if (!q.IsBreakdown) t[question] = raw;
            return t;
        }))];
    }
}
