using CsCheck;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;

namespace StadtLabor.Bot.Tests.Surveys.Exports;

/// <summary>
/// The attacker with everything: the unknowns are how many people have each combination of grouping answers and each
/// answer of a question; the equations are every figure the chat shows (each closed question, without and with
/// each breakdown) and the export's count of rows per combination. No set of unknowns holding 1 to k-1 people may
/// have a derivable sum (its 0/1 vector in the row space of the equations), checked by brute force on small waves.
/// </summary>
public sealed class RawAttackerTests
{
    private const int K = RawDataset.K;

    [Fact]
    public void Attacker_ChatFiguresAndExportCounts_NoSumUnderKDerivable()
    {
        Gen.Select(Gen.Int, Gen.Int[1, 2], Gen.Int[0, 40]).Select((seed, g, n) => RawDataset.Make(seed, g, 1, n, partitionOnly: true, maxOptions: 3))
            .Sample(d =>
            {
                var (chat, export, unknowns) = Equations(d);
                var leak = Leak([.. chat, .. export], unknowns);
                if (leak is not null && Leak(chat, unknowns) is null)
                    Assert.Fail($"the export opens {Describe(leak, unknowns)} ({d.Answers.Count} answers)");
                // A leak the chat alone has is CrossTables' or QuestionTable's; none is expected either.
                Assert.Null(leak is null ? null : Describe(leak, unknowns));
            }, iter: 150);
    }

    [Fact]
    public void Attacker_SmallDepartmentLeftOut_WouldBeFound()
    {
        // Not the export's choice, but what leaving out a small department would mean: the attacker must see it.
        var d = RawDataset.Make(seed: 3, groupingCount: 1, answerCount: 1, rows: 0, partitionOnly: true, maxOptions: 2);
        var q = d.AnswerQuestions[0];
        var answers = Enumerable.Range(0, 23).Select(i =>
        {
            int? department = i < 20 ? 0 : 1;
            var values = new Dictionary<long, RawValue> { [d.Grouping[0].Id] = new(department, null, null), [q.Id] = new(i % 2, null, null), [21] = new(null, null, null) };
            return new RawAnswer([department], values);
        }).ToList();
        var wave = d with { Answers = answers };
        var (chat, _, unknowns) = Equations(wave);
        // The export's rows: only department 0 (20 rows).
        List<bool[]> export = [unknowns.Select(u => u.Combination[0] == 0).ToArray()];
        Assert.Null(Leak(chat, unknowns));
        Assert.NotNull(Leak([.. chat, .. export], unknowns));
    }

    private sealed record Unknown(int?[] Combination, int Answer, int People);

    private static (List<bool[]> Chat, List<bool[]> Export, List<Unknown> Unknowns) Equations(RawDataset d)
    {
        var q = d.AnswerQuestions[0];
        var grouping = d.Grouping;
        var categories = q.OptionList().Count;
        var combinations = grouping.Aggregate(new List<int?[]> { Array.Empty<int?>() },
            (acc, g) => [.. acc.SelectMany(c => Enumerable.Range(0, g.OptionList().Count).Select(o => (int?[])[.. c, o]))]);
        var unknowns = combinations.SelectMany(c => Enumerable.Range(0, categories).Select(a => new Unknown(c,
            a, d.Answers.Count(x => x.Groups.SequenceEqual(c) && x.Values[q.Id].Choice == a)))).ToList();

        bool[] Where(Func<Unknown, bool> p) => [.. unknowns.Select(p)];
        var chat = new List<bool[]>();
        foreach (var (figures, column) in d.Views())
        {
            var asked = figures.Question;
            // The answer category of an unknown for the asked question: its own answer, or its grouping answer.
            int Category(Unknown u) => asked.Id == q.Id ? u.Answer : u.Combination[grouping.ToList().FindIndex(g => g.Id == asked.Id)]!.Value;
            var groups = new List<(Tuple<GroupFigures> Figure, Func<Unknown, bool> In)> { (Tuple.Create(figures.Overall), _ => true) };
            if (column >= 0)
                groups.AddRange(figures.Groups.Select(g => (Tuple.Create(g), (Func<Unknown, bool>)(u => QuestionTable.GroupKey(u.Combination[column]) == g.Key))));
            foreach (var (figure, inGroup) in groups)
            {
                if (!figure.Item1.Shown) continue;
                chat.Add(Where(inGroup));
                foreach (var (option, o) in figure.Item1.Options.Select((x, i) => (x, i)))
                    if (option.Shown) chat.Add(Where(u => inGroup(u) && Category(u) == o));
            }
        }
        var (_, plan) = d.Export(freeText: false, new Random(1));
        var export = new List<bool[]>();
        var keptKeys = Enumerable.Range(0, d.Answers.Count).Where(i => plan.KeptRows[i]).Select(i => RawAnonymity.Key(d.Answers[i].Groups, plan.KeptColumns)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keptKeys) export.Add(Where(u => RawAnonymity.Key(u.Combination, plan.KeptColumns) == key));
        return (chat, export, unknowns);
    }

    /// <summary>
    /// A set of unknowns with 1..k-1 people whose sum lies in the row space, or null. The set may hold empty unknowns
    /// too (the attacker does not know they are empty): for each small set S of non-empty ones, look for a 0/1 choice
    /// z of the empty ones with 1_S + z orthogonal to the null space of the equations.
    /// </summary>
    private static bool[]? Leak(List<bool[]> equations, List<Unknown> unknowns)
    {
        var n = unknowns.Count;
        var basis = Basis(equations, n);
        var pivots = basis.Select(b => b.Pivot).ToHashSet();
        var nulls = Enumerable.Range(0, n).Where(f => !pivots.Contains(f)).Select(f =>
        {
            var y = new double[n];
            y[f] = 1;
            foreach (var (pivot, row) in basis) y[pivot] = -row[f];
            return y;
        }).ToList();
        var nonEmpty = Enumerable.Range(0, n).Where(i => unknowns[i].People > 0).ToList();
        var empty = Enumerable.Range(0, n).Where(i => unknowns[i].People == 0).ToList();
        bool[]? found = null;
        void Search(int from, List<int> chosen, int people)
        {
            if (found is not null) return;
            if (chosen.Count > 0 && Completion(nulls, chosen, empty) is { } zeros)
            {
                found = [.. Enumerable.Range(0, n).Select(i => chosen.Contains(i) || zeros.Contains(i))];
                return;
            }
            for (var j = from; j < nonEmpty.Count; j++)
            {
                var u = nonEmpty[j];
                if (people + unknowns[u].People >= K) continue;
                chosen.Add(u);
                Search(j + 1, chosen, people + unknowns[u].People);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
        Search(0, [], 0);
        return found;
    }

    /// <summary>Empty unknowns z (0/1) with Σ y[S] + Σ y[z] = 0 for every null vector y, or null when there are none.</summary>
    private static HashSet<int>? Completion(List<double[]> nulls, List<int> chosen, List<int> empty)
    {
        // Solve A z = b over the reals by elimination, then try every 0/1 value of the free variables.
        var rows = nulls.Select(y => (A: empty.Select(e => y[e]).ToArray(), B: -chosen.Sum(i => y[i]))).ToList();
        var pivotOf = new List<(int Column, double[] A, double B)>();
        foreach (var (a0, b0) in rows)
        {
            var a = (double[])a0.Clone();
            var b = b0;
            foreach (var (c, pa, pb) in pivotOf)
            {
                var f = a[c];
                if (Math.Abs(f) < 1e-12) continue;
                for (var i = 0; i < a.Length; i++) a[i] -= f * pa[i];
                b -= f * pb;
            }
            var p = Array.FindIndex(a, x => Math.Abs(x) > 1e-9);
            if (p < 0)
            {
                if (Math.Abs(b) > 1e-7) return null;
                continue;
            }
            var s = a[p];
            for (var i = 0; i < a.Length; i++) a[i] /= s;
            b /= s;
            for (var k = 0; k < pivotOf.Count; k++)
            {
                var (c, pa, pb) = pivotOf[k];
                var f = pa[p];
                if (Math.Abs(f) < 1e-12) continue;
                for (var i = 0; i < a.Length; i++) pa[i] -= f * a[i];
                pivotOf[k] = (c, pa, pb - f * b);
            }
            pivotOf.Add((p, a, b));
        }
        var free = Enumerable.Range(0, empty.Count).Where(c => pivotOf.All(x => x.Column != c)).ToList();
        Assert.True(free.Count <= 20, "too many free empty unknowns for the brute force");
        for (var mask = 0; mask < 1 << free.Count; mask++)
        {
            var z = new double[empty.Count];
            for (var i = 0; i < free.Count; i++) z[free[i]] = (mask >> i) & 1;
            var ok = true;
            foreach (var (c, a, b) in pivotOf)
            {
                var v = b - free.Sum(f => a[f] * z[f]);
                if (Math.Abs(v) > 1e-7 && Math.Abs(v - 1) > 1e-7) { ok = false; break; }
                z[c] = Math.Round(v);
            }
            if (ok) return [.. Enumerable.Range(0, empty.Count).Where(i => z[i] == 1).Select(i => empty[i])];
        }
        return null;
    }

    /// <summary>A reduced row echelon basis of the equations: each vector with its pivot, 0 at every other pivot.</summary>
    private static List<(int Pivot, double[] Row)> Basis(List<bool[]> equations, int n)
    {
        var basis = new List<(int Pivot, double[] Row)>();
        foreach (var e in equations)
        {
            var v = Reduce(basis, [.. e.Select(b => b ? 1.0 : 0.0)]);
            var pivot = Array.FindIndex(v, x => Math.Abs(x) > 1e-9);
            if (pivot < 0) continue;
            var scale = v[pivot];
            for (var i = 0; i < n; i++) v[i] /= scale;
            foreach (var (_, b) in basis)
            {
                var f = b[pivot];
                if (Math.Abs(f) > 1e-12) for (var i = 0; i < n; i++) b[i] -= f * v[i];
            }
            basis.Add((pivot, v));
        }
        return basis;
    }

    private static double[] Reduce(List<(int Pivot, double[] Row)> basis, double[] v)
    {
        foreach (var (pivot, b) in basis)
        {
            var f = v[pivot];
            if (Math.Abs(f) > 1e-12) for (var i = 0; i < v.Length; i++) v[i] -= f * b[i];
        }
        return v;
    }

    private static bool InSpan(List<(int Pivot, double[] Row)> basis, double[] v) => Reduce(basis, v).All(x => Math.Abs(x) < 1e-7);

    private static string Describe(bool[] set, List<Unknown> unknowns) =>
        string.Join(" + ", unknowns.Where((_, i) => set[i]).Select(u => $"[{string.Join(",", u.Combination)}|{u.Answer}]={u.People}"));
}
