using CsCheck;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>
/// The small-group rule, checked by an attacker who knows nothing of how <see cref="SmallGroups"/> decides: it sees the
/// shown figures, knows (as the test does) which people each figure is about, and subtracts every combination of shown
/// figures inside a shown figure. Nothing it derives may be about 1 to k-1 people.
/// </summary>
public sealed class SmallGroupsTests
{
    // ---------- examples ----------

    [Fact]
    public void Decide_ToolTotalOverASmallSession_SmallSessionNotDerivable()
    {
        // The finding of the review: session B (3 answers) was inside the tool total beside session A (6).
        var tool = new Group("tool", 9, Parts: [new Group("A", 6), new Group("B", 3)]);

        var figures = SmallGroups.Decide(tool, 5);

        Assert.Equal(Withheld.TooFew, figures["B"].Why);
        Assert.Null(figures["B"].People);
        // Tool 9 minus A 6 would be B: one of the two must go.
        Assert.True(!figures["tool"].Shown || !figures["A"].Shown);
        Assert.Equal(Withheld.Complementary, figures["A"].Why);
    }

    [Fact]
    public void Decide_TotalFromPassingParts_CountsOnlyThosePartsAndShowsThem()
    {
        var tool = new Group("tool", 15, 15 * 4, [new Group("A", 6, 24), new Group("B", 3, 15), new Group("C", 6, 21)], TotalRule.FromPassingParts);

        var figures = SmallGroups.Decide(tool, 5);

        Assert.Equal(12, figures["tool"].People);
        Assert.Equal(45.0 / 12, figures["tool"].Mean);
        Assert.Equal(["A", "C"], figures["tool"].FromParts);
        Assert.True(figures["A"].Shown && figures["C"].Shown);
        Assert.Equal(Withheld.TooFew, figures["B"].Why);
    }

    [Fact]
    public void Decide_GroupBelowK_NothingInsideShown()
    {
        var session = new Group("s", 4, 16, [new Group("r4", 4)]);

        var figures = SmallGroups.Decide(session, 5);

        Assert.All(figures.Values, f => Assert.Null(f.People));
        Assert.Equal(Withheld.TooFew, figures["s"].Why);
        Assert.Equal(Withheld.InsideWithheld, figures["r4"].Why);
    }

    [Fact]
    public void Decide_RestOfZero_PartsShown()
    {
        var session = new Group("s", 10, 45, [new Group("r5", 5), new Group("r4", 5), new Group("r3", 0)]);

        var figures = SmallGroups.Decide(session, 5);

        Assert.Equal(5, figures["r5"].People);
        Assert.Equal(5, figures["r4"].People);
        Assert.Equal(Withheld.TooFew, figures["r3"].Why);
    }

    [Fact]
    public void Texts_NineThenTen_OnlyFromTenAndInAnOrderThatSaysNothing()
    {
        var nine = new TextGroup("s", [.. Enumerable.Range(1, 9).Select(i => $"Text {10 - i}")]);
        var ten = nine with { Texts = [.. nine.Texts, "Aaa"] };
        var smallGroups = new SmallGroups(Microsoft.Extensions.Options.Options.Create(new StadtLabor.Bot.Features.Privacy.PrivacyOptions()));

        Assert.Equal(Withheld.TooFew, smallGroups.Texts(nine)["s"].Why);
        Assert.Empty(smallGroups.Texts(nine)["s"].Texts);
        Assert.Equal(ten.Texts.Order(StringComparer.Ordinal), smallGroups.Texts(ten)["s"].Texts);
    }

    [Fact]
    public void Share_PartOrGroupWithheld_NoShare()
    {
        var figures = SmallGroups.Decide(new Group("all", 20, Parts: [new Group("yes", 15), new Group("no", 5)]), 5);
        var small = SmallGroups.Decide(new Group("all", 20, Parts: [new Group("yes", 17), new Group("no", 3)]), 5);

        Assert.Equal(75, SmallGroups.Share(figures, "yes", "all"));
        Assert.Null(SmallGroups.Share(small, "no", "all"));
        Assert.Null(SmallGroups.Share(small, "yes", "all"));
    }

    // ---------- properties ----------

    /// <summary>A random table: a root with up to 3 groups of up to 4 cells, people not in any part, totals of either rule.</summary>
    private static readonly Gen<(Group Table, int K)> Tables =
        from k in Gen.Int[2, 6]
        from rootRule in Gen.Enum<TotalRule>()
        from rootExtra in Gen.Int[0, 3]
        from groups in Gen.Select(Gen.Enum<TotalRule>(), Gen.Int[0, 3], Gen.Int[0, 12].Array[0, 4]).Array[0, 3]
        select (Build(rootRule, rootExtra, groups), k);

    private static Group Build(TotalRule rootRule, int rootExtra, (TotalRule Rule, int Extra, int[] Cells)[] groups)
    {
        var person = 0;
        var parts = groups.Select((g, i) =>
        {
            var cells = g.Cells.Select((n, j) => Leaf($"g{i}c{j}", n, ref person)).ToList();
            var extra = g.Extra;
            person += extra;
            return new Group($"g{i}", cells.Sum(c => c.People) + extra, 0, cells, g.Rule);
        }).ToList();
        return new Group("root", parts.Sum(p => p.People) + rootExtra, 0, parts, rootRule);
    }

    private static Group Leaf(string key, int people, ref int next)
    {
        next += people;
        return new Group(key, people);
    }

    [Fact]
    public void Decide_RandomTables_NoSubtractionOfShownFiguresRevealsFewerThanK()
    {
        Tables.Sample(t =>
        {
            var (table, k) = t;
            var people = PeopleOf(table);
            var figures = SmallGroups.Decide(table, k);
            Attacker.Check(figures.Values.Where(f => f.Shown).Select(f => (f.People!.Value, Covered(f.Key, figures, people))).ToList(), k);
            Assert.All(figures.Values.Where(f => !f.Shown), f => Assert.True(f.People is null && f.Mean is null));
        }, iter: 3000);
    }

    [Fact]
    public void Texts_RandomTables_NoSubtractionOfShownListsRevealsFewerThanTheTextThreshold()
    {
        var smallGroups = new SmallGroups(Microsoft.Extensions.Options.Options.Create(new StadtLabor.Bot.Features.Privacy.PrivacyOptions()));
        Tables.Sample(t =>
        {
            var texts = AsTexts(t.Table, new Counter());
            var shown = smallGroups.Texts(texts).Values.Where(f => f.Shown).ToList();
            var writers = WritersOf(texts);
            Attacker.Check([.. shown.Select(f => (f.Texts.Count, writers[f.Key]))], smallGroups.MinFreeTextSize);
            foreach (var f in shown) Assert.Equal(f.Texts.Order(StringComparer.Ordinal), f.Texts);
        }, iter: 2000);
    }

    private sealed class Counter
    {
        public int Next;
    }

    /// <summary>The same shape as texts: every person wrote one text "t{n}", three times as many as counted people.</summary>
    private static TextGroup AsTexts(Group g, Counter c)
    {
        var parts = (g.Parts ?? []).Select(p => AsTexts(p, c)).ToList();
        var own = 3 * (g.People - (g.Parts ?? []).Sum(p => p.People));
        return new TextGroup(g.Key, [.. Enumerable.Range(0, own).Select(_ => $"t{c.Next++:D4}")], parts);
    }

    private static Dictionary<string, HashSet<int>> WritersOf(TextGroup g)
    {
        var result = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        Collect(g);
        return result;

        HashSet<int> Collect(TextGroup x)
        {
            var set = x.Texts.Select(t => int.Parse(t[1..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var part in x.Parts ?? []) set.UnionWith(Collect(part));
            return result[x.Key] = set;
        }
    }

    /// <summary>Who is in each group: the test numbers people in the order the table lists them.</summary>
    private static Dictionary<string, HashSet<int>> PeopleOf(Group table)
    {
        var result = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var next = 0;
        Collect(table);
        return result;

        HashSet<int> Collect(Group g)
        {
            var set = new HashSet<int>();
            foreach (var part in g.Parts ?? []) set.UnionWith(Collect(part));
            while (set.Count < g.People) set.Add(next++);
            return result[g.Key] = set;
        }
    }

    /// <summary>A total from passing parts is about the people of those parts (as far as they count themselves).</summary>
    private static HashSet<int> Covered(string key, IReadOnlyDictionary<string, Figure> figures, Dictionary<string, HashSet<int>> people) =>
        figures[key].FromParts.Count == 0 ? people[key] : [.. figures[key].FromParts.SelectMany(p => Covered(p, figures, people))];
}
