using CsCheck;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;

namespace StadtLabor.Bot.Tests.Surveys.Exports;

/// <summary>
/// The research partner's raw export on random small waves (k = 5): every combination of grouping columns it shows
/// occurs at least k times; inside every group figure the chat shows, the answers left out are none or at least k;
/// free text only when allowed; the order follows nothing of the input.
/// </summary>
public sealed class RawAnonymityTests
{
    private const int K = RawDataset.K;
    private static readonly Gen<RawDataset> Datasets =
        Gen.Select(Gen.Int, Gen.Int[1, 3], Gen.Int[1, 2], Gen.Int[0, 60]).Select((seed, g, a, n) => RawDataset.Make(seed, g, a, n));

    [Fact]
    public void Export_RandomWaves_EveryCombinationAtLeastKOrAbsent()
    {
        Datasets.Sample(d =>
        {
            var (rows, plan) = d.Export(freeText: false, new Random(1));
            var g = d.Grouping.Count;
            Assert.Equal(rows.Count, plan.KeptRows.Count(x => x));
            Assert.All(rows.GroupBy(r => string.Join('|', r.Skip(1).Take(g))), combination => Assert.True(combination.Count() >= K, combination.Key));
            if (d.Answers.Count < K) Assert.Empty(rows);
        }, iter: 400);
    }

    [Fact]
    public void Export_RandomWaves_NoAnswerLeftOutOfAWaveOfK()
    {
        // An answer missing from the export would be a chat figure minus the export: only a whole wave under k may be missing.
        Datasets.Sample(d =>
        {
            var (rows, plan) = d.Export(freeText: false, new Random(1));
            Assert.Equal(d.Answers.Count < K ? 0 : d.Answers.Count, rows.Count);
            Assert.Equal(d.Answers.Count < K ? d.Answers.Count : 0, plan.Dropped);
        }, iter: 400);
    }

    [Fact]
    public void Export_FreeText_OnlyWhenTheSurveyAllowsIt()
    {
        Datasets.Sample(d =>
        {
            var texts = d.Answers.Select(a => a.Values[21].Text).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var (without, _) = d.Export(freeText: false, new Random(2));
            var (with, plan) = d.Export(freeText: true, new Random(2));
            Assert.DoesNotContain(without.SelectMany(r => r), texts.Contains);
            Assert.Equal(RawRows.Columns(d.Questions, true).Count + 1, with.FirstOrDefault()?.Count ?? RawRows.Columns(d.Questions, true).Count + 1);
            var keptTexts = Enumerable.Range(0, d.Answers.Count).Where(i => plan.KeptRows[i]).Select(i => d.Answers[i].Values[21].Text).OfType<string>().Order(StringComparer.Ordinal);
            Assert.Equal(keptTexts, with.Select(r => r[^1]).Where(t => t.Length > 0).Order(StringComparer.Ordinal));
        }, iter: 200);
    }

    [Fact]
    public void Export_ManyRuns_OrderFollowsNeitherInputNorItself()
    {
        // Everyone in one big group: nothing generalised or left out, so only the order can differ.
        var d = RawDataset.Make(seed: 7, groupingCount: 1, answerCount: 1, rows: 40, partitionOnly: true, maxOptions: 2) with { };
        var answers = d.Answers.Select((a, i) => a with { Values = new Dictionary<long, RawValue>(a.Values) { [21] = new(null, null, $"Antwort {i:D2}") } }).ToList();
        var ordered = d with { Answers = answers };
        var random = new Random(11);
        var orders = Enumerable.Range(0, 50).Select(_ => string.Join(",", ordered.Export(freeText: true, random).Rows.Select(r => r[^1]))).ToList();
        var input = string.Join(",", answers.Select(a => a.Values[21].Text));
        Assert.DoesNotContain(input, orders);
        Assert.True(orders.Distinct(StringComparer.Ordinal).Count() >= 49);
        // The first exported row is spread over the input's positions, not stuck at the start.
        var firsts = orders.Select(o => o.Split(',')[0]).Distinct(StringComparer.Ordinal).Count();
        Assert.True(firsts >= 15, $"only {firsts} different first rows in 50 runs");
    }

    [Fact]
    public void Plan_SmallDepartments_GeneraliseInsteadOfLeavingOut()
    {
        // Erika's Ordnungsamt has 3 people: leaving them out would let the chat's overall minus the export show their answers.
        List<IReadOnlyList<int?>> groups = [.. Enumerable.Repeat<int?>(0, 20).Concat(Enumerable.Repeat<int?>(1, 3)).Select(x => (IReadOnlyList<int?>)[x])];
        var plan = RawAnonymity.Plan(groups, 1, K);
        Assert.False(plan.KeptColumns[0]);
        Assert.Equal(0, plan.Dropped);
    }

    [Fact]
    public void Plan_TwoLargeDepartments_KeepsTheColumn()
    {
        // Two departments of 20: nothing to hide, the column stays.
        List<IReadOnlyList<int?>> groups = [.. Enumerable.Repeat<int?>(0, 20).Concat(Enumerable.Repeat<int?>(1, 20)).Select(x => (IReadOnlyList<int?>)[x])];
        var plan = RawAnonymity.Plan(groups, 1, K);
        Assert.True(plan.KeptColumns[0]);
        Assert.Equal(0, plan.Dropped);
    }

    [Fact]
    public void Plan_WaveUnderK_ExportsNothing()
    {
        List<IReadOnlyList<int?>> groups = [[0], [0], [0], [0]];
        var plan = RawAnonymity.Plan(groups, 1, K);
        Assert.Equal(4, plan.Dropped);
    }

    [Fact]
    public void Value_MultipleChoice_LabelsJoinedWithSemicolon()
    {
        var q = new SurveyQuestion { Id = 3, Kind = QuestionKind.MultipleChoice, Text = "Werkzeuge", Options = SurveyQuestion.ToOptions(["Teams", "Miro", "Trello"]) };
        Assert.Equal("Teams; Trello", RawRows.Value(q, new RawValue(0b101, null, null)));
    }
}
