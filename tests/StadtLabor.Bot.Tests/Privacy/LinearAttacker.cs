using System.Numerics;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>
/// The attacker with linear algebra, who knows nothing of how a table was decided: unknowns are counts of people
/// (cells that nobody sees), every shown figure is an equation "the sum of these unknowns is this number", and
/// whatever lies in the row space of those equations is derivable. It looks for a 0/1 combination of unknowns (a set
/// of cells) whose sum is derivable and holds 1 to k-1 people. Exact: the row space is reduced with fractions, and a
/// vector of the row space is fixed by its entries in the pivot columns, so the search runs over 0/1 choices there,
/// pruned when the chosen cells already hold k people or another entry can no longer end as 0 or 1.
/// Meant for small tables (the search is exponential in the rank at worst); it throws rather than give up quietly.
/// </summary>
public static class LinearAttacker
{
    /// <summary>A set of unknowns (by index) with a derivable sum of 1 to k-1 people, or null.</summary>
    public static int[]? FindSmallDerivableSet(IReadOnlyList<int> people, IEnumerable<IReadOnlyCollection<int>> equations, int k, long budget = 5_000_000)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(equations);
        var n = people.Count;
        var rows = new List<Fraction[]>();
        foreach (var eq in equations.Select(e => e.ToHashSet()).DistinctBy(e => string.Join(",", e.Order())))
            rows.Add([.. Enumerable.Range(0, n).Select(j => eq.Contains(j) ? Fraction.One : Fraction.Zero)]);
        var (basis, pivots) = Reduce(rows, n);
        if (basis.Count == 0 || k <= 1) return null;

        var isPivot = new bool[n];
        foreach (var p in pivots) isPivot[p] = true;
        var others = Enumerable.Range(0, n).Where(j => !isPivot[j]).ToArray();
        var weight = basis.Select(b => others.Select(j => (double)b[j]).ToArray()).ToArray();
        // What the remaining pivots can still add to each other entry: for the 0-or-1 pruning.
        var minRest = new double[basis.Count + 1, others.Length];
        var maxRest = new double[basis.Count + 1, others.Length];
        for (var i = basis.Count - 1; i >= 0; i--)
            for (var o = 0; o < others.Length; o++)
            {
                minRest[i, o] = minRest[i + 1, o] + Math.Min(0, weight[i][o]);
                maxRest[i, o] = maxRest[i + 1, o] + Math.Max(0, weight[i][o]);
            }
        var choice = new int[basis.Count];
        var value = new double[others.Length];
        long steps = 0;
        int[]? found = null;
        Search(0, 0);
        return found;

        void Search(int i, int sum)
        {
            if (found is not null) return;
            if (++steps > budget) throw new InvalidOperationException($"The linear attacker gave up after {budget} steps (rank {basis.Count}, {n} unknowns): make the case smaller.");
            for (var o = 0; o < others.Length; o++)
            {
                var low = value[o] + minRest[i, o];
                var high = value[o] + maxRest[i, o];
                var mustBeZero = people[others[o]] >= k;
                if (high < -1e-9 || low > (mustBeZero ? 1e-9 : 1 + 1e-9)) return;
            }
            if (i == basis.Count)
            {
                var set = new List<int>();
                var total = 0;
                for (var b = 0; b < basis.Count; b++) if (choice[b] == 1) set.Add(pivots[b]);
                for (var o = 0; o < others.Length; o++)
                {
                    if (Math.Abs(value[o]) < 1e-9) continue;
                    if (Math.Abs(value[o] - 1) > 1e-9) return;
                    set.Add(others[o]);
                }
                total = set.Sum(j => people[j]);
                if (total >= 1 && total < k && InRowSpace(basis, pivots, set, n)) found = [.. set.Order()];
                return;
            }
            var pivotPeople = people[pivots[i]];
            for (var c = 0; c <= (pivotPeople >= k || sum + pivotPeople >= k ? 0 : 1); c++)
            {
                choice[i] = c;
                if (c == 1) for (var o = 0; o < others.Length; o++) value[o] += weight[i][o];
                Search(i + 1, sum + c * pivotPeople);
                if (c == 1) for (var o = 0; o < others.Length; o++) value[o] -= weight[i][o];
                if (found is not null) return;
            }
        }
    }

    /// <summary>Exact check of a found set: its 0/1 vector is the combination of the basis rows by its pivot entries.</summary>
    private static bool InRowSpace(List<Fraction[]> basis, List<int> pivots, List<int> set, int n)
    {
        var target = new Fraction[n];
        Array.Fill(target, Fraction.Zero);
        for (var b = 0; b < basis.Count; b++)
            if (set.Contains(pivots[b]))
                for (var j = 0; j < n; j++) target[j] += basis[b][j];
        return Enumerable.Range(0, n).All(j => target[j] == (set.Contains(j) ? Fraction.One : Fraction.Zero));
    }

    private static (List<Fraction[]> Basis, List<int> Pivots) Reduce(List<Fraction[]> rows, int n)
    {
        var basis = new List<Fraction[]>();
        var pivots = new List<int>();
        var m = rows.Select(r => (Fraction[])r.Clone()).ToList();
        var row = 0;
        for (var col = 0; col < n && row < m.Count; col++)
        {
            var p = Enumerable.Range(row, m.Count - row).FirstOrDefault(i => !m[i][col].IsZero, -1);
            if (p < 0) continue;
            (m[row], m[p]) = (m[p], m[row]);
            var inv = m[row][col];
            for (var j = 0; j < n; j++) m[row][j] /= inv;
            for (var i = 0; i < m.Count; i++)
            {
                if (i == row || m[i][col].IsZero) continue;
                var f = m[i][col];
                for (var j = 0; j < n; j++) m[i][j] -= f * m[row][j];
            }
            pivots.Add(col);
            row++;
        }
        basis.AddRange(m.Take(row));
        return (basis, pivots);
    }

    private readonly record struct Fraction(BigInteger Num, BigInteger Den)
    {
        public static Fraction Zero => new(0, 1);
        public static Fraction One => new(1, 1);
        public bool IsZero => Num.IsZero;

        private static Fraction Make(BigInteger num, BigInteger den)
        {
            if (den.Sign < 0) (num, den) = (-num, -den);
            var g = BigInteger.GreatestCommonDivisor(num, den);
            return g.IsZero || g.IsOne ? new(num, den) : new(num / g, den / g);
        }

        public static Fraction operator +(Fraction a, Fraction b) => Make(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
        public static Fraction operator -(Fraction a, Fraction b) => Make(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
        public static Fraction operator *(Fraction a, Fraction b) => Make(a.Num * b.Num, a.Den * b.Den);
        public static Fraction operator /(Fraction a, Fraction b) => Make(a.Num * b.Den, a.Den * b.Num);
        public static explicit operator double(Fraction a) => (double)a.Num / (double)a.Den;
    }
}
