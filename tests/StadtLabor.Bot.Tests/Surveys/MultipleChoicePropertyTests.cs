using CsCheck;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Tests.Privacy;

namespace StadtLabor.Bot.Tests.Surveys;

/// <summary>
/// A multiple choice question's options are counted one by one, but a person ticks several: the attacker's unknowns
/// are the answer patterns (which options together, also none) per group, and every shown count of every option in
/// every view is an equation over them. Because "nothing ticked" is a valid answer, no combination of the option
/// counts isolates a pattern (with a tick required, ticked A + ticked B - everyone = ticked both: the control below).
/// </summary>
public sealed class MultipleChoicePropertyTests
{
    private static SurveyQuestion Question(int id, QuestionKind kind, int options, int breakdown = 0) => new()
    {
        Id = id, SurveyId = 1, Position = id, Kind = kind, Text = $"q{id}", BreakdownSlot = breakdown,
        Options = SurveyQuestion.ToOptions(Enumerable.Range(0, options).Select(o => $"o{o}")),
    };

    /// <summary>Respondents as (group, mask); unknown index = group * patterns + mask.</summary>
    private static int[]? Attack(int k, int groups, int options, IReadOnlyList<(int Group, int Mask)> respondents, bool patternNoneExists)
    {
        var smallGroups = new SmallGroups(Options.Create(new PrivacyOptions { MinGroupSize = k }));
        var q = Question(2, QuestionKind.MultipleChoice, options);
        var labels = Enumerable.Range(0, groups).Select(g => $"g{g}").ToList();
        var patterns = 1 << options;
        var people = new int[groups * patterns];
        foreach (var (g, m) in respondents) people[g * patterns + m]++;
        var counted = respondents.GroupBy(r => r).Select(x => new CountedAnswer(x.Key.Group, x.Key.Mask, null, x.Count())).ToList();
        var equations = new List<int[]>();
        int[] Where(Func<int, int, bool> counts) =>
            [.. Enumerable.Range(0, groups * patterns).Where(u => (patternNoneExists || u % patterns != 0) && counts(u / patterns, u % patterns))];
        foreach (var byGroup in new[] { false, true })
        {
            var f = QuestionTable.Decide(q, counted, labels, byGroup, smallGroups, severalBreakdowns: false);
            void Add(GroupFigures figures, Func<int, bool> inGroup)
            {
                if (figures.People is not null) equations.Add(Where((g, _) => inGroup(g)));
                for (var o = 0; o < figures.Options.Count; o++)
                {
                    var option = o;
                    if (figures.Options[o].Count is not null) equations.Add(Where((g, m) => inGroup(g) && (m & (1 << option)) != 0));
                }
            }
            Add(f.Overall, _ => true);
            for (var g = 0; g < f.Groups.Count; g++)
            {
                var group = g;
                Add(f.Groups[g], x => x == group);
            }
        }
        return LinearAttacker.FindSmallDerivableSet(people, equations, k);
    }

    [Fact]
    public void MultipleChoice_RandomAnswersNoneAllowed_NoPatternSetUnderKDerivable()
    {
        var cases =
            from k in Gen.Int[3, 6]
            from groups in Gen.Int[1, 3]
            from options in Gen.Int[2, 3]
            from masks in Gen.Select(Gen.Int[0, groups - 1], Gen.Int[0, (1 << options) - 1]).Array[0, 60]
            select (k, groups, options, masks);
        cases.Sample(c =>
        {
            var found = Attack(c.k, c.groups, c.options, c.masks, patternNoneExists: true);
            Assert.True(found is null, $"k={c.k}, {c.groups} groups, {c.options} options: unknowns {string.Join(",", found ?? [])} derivable");
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void MultipleChoice_TickRequired_AttackerFindsTickedBoth()
    {
        // The control: twelve people, two options, nobody ticks none, two tick both: every count shown (7 and 5 each). If
        // "none" could not be answered, ticked A (7) + ticked B (7) - everyone (12) = the 2 people who ticked both.
        (int, int)[] respondents = [.. Enumerable.Repeat((0, 1), 5), .. Enumerable.Repeat((0, 2), 5), .. Enumerable.Repeat((0, 3), 2)];

        Assert.NotNull(Attack(5, 1, 2, respondents, patternNoneExists: false));
        Assert.Null(Attack(5, 1, 2, respondents, patternNoneExists: true));
    }
}
