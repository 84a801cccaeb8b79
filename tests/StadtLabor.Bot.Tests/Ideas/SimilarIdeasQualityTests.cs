using System.Globalization;
using StadtLabor.Benchmarks;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Similarity;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>
/// The matcher on the labelled set (similar-ideas.de.json: duplicate groups written in other words, plus distractors
/// from the same departments). Each idea asks as a new idea against all the others, with the threshold the bot uses:
/// recall is the share of grouped ideas that find at least one of their duplicates among the three shown, precision
/// the share of shown ideas that are duplicates (distractors asking count too: whatever they are shown is wrong).
/// </summary>
public sealed class SimilarIdeasQualityTests(ITestOutputHelper output)
{
    public sealed record Figures(int Queries, double RecallAt3, double PrecisionAt3, int Shown, double DistractorsShownAnything)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Queries} queries: recall@3 {RecallAt3:0.000}, precision@3 {PrecisionAt3:0.000} ({Shown} shown), distractors shown anything {DistractorsShownAnything:0.000}");
    }

    [Fact]
    public void LabelledSet_EveryIdeaAgainstTheOthers_FindsADuplicateInTheTopThree()
    {
        var figures = Measure(SimilarIdeas.MinScore);
        output.WriteLine(figures.ToString());

        Assert.True(figures.RecallAt3 >= 0.8, $"recall@3 {figures.RecallAt3:0.000} is below the goal of 0.8");
        // Measured: recall 0.909, precision 0.813, distractors shown anything 0.104 (threshold 0.3; at 0.25 recall was
        // 0.967 but precision 0.732 and 0.292 of the distractors got a suggestion). Floors below that, so a change
        // that floods the clerk with unrelated ideas fails.
        Assert.True(figures.PrecisionAt3 >= 0.75, $"precision@3 {figures.PrecisionAt3:0.000} fell below 0.75");
        Assert.True(figures.DistractorsShownAnything <= 0.2, $"{figures.DistractorsShownAnything:0.000} of the unrelated ideas were shown something");
    }

    [Fact]
    public void LabelledSet_Size_AtLeast150IdeasMostlyInGroups()
    {
        var set = IdeaCorpus.Labelled;
        Assert.True(set.Count >= 150, $"{set.Count} ideas");
        Assert.All(set.Where(i => i.Group is not null).GroupBy(i => i.Group), g => Assert.True(g.Count() >= 2, g.Key));
        Assert.True(set.Count(i => i.Group is null) >= 30);
    }

    /// <summary>Each idea taken out of the index, asked, and put back (so the index's updates are used as the bot uses them).</summary>
    public static Figures Measure(double minScore)
    {
        var set = IdeaCorpus.Labelled;
        using var index = new IdeaTextIndex();
        index.Apply(set.Select(Text), []);
        int groupQueries = 0, found = 0, shown = 0, right = 0, distractors = 0, distractorsShown = 0;
        foreach (var idea in set)
        {
            index.Apply([], [idea.Id]);
            var hits = index.Search(idea.Title, idea.Description, SimilarIdeas.Max, minScore);
            index.Apply([Text(idea)], []);

            var duplicates = hits.Count(h => idea.Group is not null && set[(int)h.Id - 1].Group == idea.Group);
            shown += hits.Count;
            right += duplicates;
            if (idea.Group is null)
            {
                distractors++;
                if (hits.Count > 0) distractorsShown++;
            }
            else
            {
                groupQueries++;
                if (duplicates > 0) found++;
            }
        }
        return new Figures(set.Count, found / (double)groupQueries, shown == 0 ? 0 : right / (double)shown, shown,
            distractorsShown / (double)distractors);
    }

    private static IdeaText Text(LabelledIdea idea) => new(idea.Id, idea.Title, idea.Description);
}
