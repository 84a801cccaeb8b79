using CsCheck;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>
/// The two-way rule, checked by <see cref="LinearAttacker"/>: unknowns are the inner cells, equations every shown cell,
/// row total, column total and the total; no set of cells with 1 to k-1 people may have a derivable sum.
/// </summary>
public sealed class CrossTablesTests
{
    private static CrossTable Table(int[,] cells) =>
        new([.. Enumerable.Range(0, cells.GetLength(0)).Select(r => $"r{r}")], [.. Enumerable.Range(0, cells.GetLength(1)).Select(c => $"c{c}")], cells);

    /// <summary>The attacker's view of a decision; fails the test with the set it found.</summary>
    internal static void AssertNothingSmallDerivable(CrossTable table, CrossDecision d, int k)
    {
        var rows = table.Rows.Count;
        var columns = table.Columns.Count;
        var people = new List<int>();
        for (var r = 0; r < rows; r++) for (var c = 0; c < columns; c++) people.Add(table.Cells[r, c]);
        var equations = new List<int[]>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (d.Cells[r, c].Shown)
                {
                    Assert.Equal(table.Cells[r, c], d.Cells[r, c].People);
                    equations.Add([r * columns + c]);
                }
        for (var r = 0; r < rows; r++) if (d.RowTotals[r].Shown) equations.Add([.. Enumerable.Range(0, columns).Select(c => r * columns + c)]);
        for (var c = 0; c < columns; c++) if (d.ColumnTotals[c].Shown) equations.Add([.. Enumerable.Range(0, rows).Select(r => r * columns + c)]);
        if (d.Total.Shown) equations.Add([.. Enumerable.Range(0, rows * columns)]);
        var set = LinearAttacker.FindSmallDerivableSet(people, equations, k);
        Assert.True(set is null, set is null ? "" : $"cells {string.Join(", ", set.Select(i => $"({i / columns},{i % columns})={people[i]}"))} are derivable (k = {k})");
        foreach (var f in d.Cells) Assert.True(f.Shown == f.People is not null);
    }

    private static int ShownCells(CrossDecision d) => d.Cells.Cast<Figure>().Count(f => f.Shown);

    [Fact]
    public void Decide_AllZero_NothingButZerosAndNoMargins()
    {
        var table = Table(new int[3, 2]);

        var d = CrossTables.Decide(table, 5);

        Assert.False(d.Total.Shown);
        Assert.All(d.ColumnTotals, f => Assert.Equal(Withheld.InsideWithheld, f.Why));
        Assert.All(d.Cells.Cast<Figure>(), f => Assert.Equal(Withheld.InsideWithheld, f.Why));
    }

    [Fact]
    public void Decide_OneColumn_CellsAreTheRowTotals()
    {
        var table = Table(new[,] { { 12 }, { 3 }, { 9 } });

        var d = CrossTables.Decide(table, 5);

        // The one-way rule hides 3 and then the smallest other row (9); the cells follow their rows.
        Assert.Equal(Withheld.TooFew, d.Cells[1, 0].Why);
        Assert.Equal(Withheld.Complementary, d.Cells[2, 0].Why);
        Assert.Equal(12, d.Cells[0, 0].People);
        AssertNothingSmallDerivable(table, d, 5);
    }

    [Fact]
    public void Decide_SingleSmallCell_HidesARectangleAndShowsTheRest()
    {
        // Erika's Ordnungsamt (column 1) has 2 people answering "rarely"; everything else is large.
        var table = Table(new[,] { { 10, 8, 12 }, { 7, 2, 9 }, { 11, 6, 5 } });

        var d = CrossTables.Decide(table, 5);

        Assert.Equal(Withheld.TooFew, d.Cells[1, 1].Why);
        var hidden = d.Cells.Cast<Figure>().Where(f => !f.Shown).ToList();
        // Its row and column each need another hidden cell, and those two a fourth: 4 hidden, 5 shown (not 0 as before).
        Assert.Equal(4, hidden.Count);
        Assert.Equal(5, ShownCells(d));
        Assert.All(hidden.Where(f => f.Key != CrossTables.CellKey(1, 1)), f => Assert.Equal(Withheld.Complementary, f.Why));
        Assert.True(d.RowTotals.All(f => f.Shown) && d.ColumnTotals.All(f => f.Shown) && d.Total.Shown);
        AssertNothingSmallDerivable(table, d, 5);
    }

    [Fact]
    public void Decide_ChainOfSmallCells_NoSumOfTheChainDerivable()
    {
        // Small cells on a diagonal chain: each row and column has one, so hiding only them would leave every one
        // derivable from its row total.
        var table = Table(new[,] { { 1, 9, 9, 9 }, { 9, 2, 9, 9 }, { 9, 9, 3, 9 }, { 9, 9, 9, 4 } });

        var d = CrossTables.Decide(table, 5);

        for (var i = 0; i < 4; i++) Assert.Equal(Withheld.TooFew, d.Cells[i, i].Why);
        Assert.True(ShownCells(d) > 0);
        AssertNothingSmallDerivable(table, d, 5);
    }

    [Fact]
    public void Decide_SmallCellsThatAddUpToK_StillNotDerivableOneByOne()
    {
        // Two small cells in one row summing to 5: their sum may be derivable (5 people), each alone not.
        var table = Table(new[,] { { 2, 3, 0 }, { 6, 7, 8 } });

        var d = CrossTables.Decide(table, 5);

        Assert.False(d.Cells[0, 0].Shown);
        Assert.False(d.Cells[0, 1].Shown);
        Assert.Equal(0, d.Cells[0, 2].People);
        AssertNothingSmallDerivable(table, d, 5);
    }

    [Fact]
    public void Decide_KIsOne_EverythingShown()
    {
        var table = Table(new[,] { { 1, 0 }, { 2, 3 } });

        var d = CrossTables.Decide(table, 1);

        Assert.Equal(4, ShownCells(d));
        Assert.True(d.Total.Shown);
    }

    [Fact]
    public void Decide_AuditBudgetExceeded_FallsBackToMarginsOnly()
    {
        var table = Table(new[,] { { 10, 8, 12 }, { 7, 2, 9 }, { 11, 6, 5 } });

        var d = CrossTables.Decide(table, 5, auditBudget: 1);

        Assert.Equal(0, ShownCells(d));
        Assert.True(d.RowTotals.All(f => f.Shown) && d.Total.Shown);
        AssertNothingSmallDerivable(table, d, 5);
    }

    /// <summary>Random tables up to 5 × 5 (and yes/no tables), many small cells, k from 2 to 7.</summary>
    private static readonly Gen<(int[,] Cells, int K)> Tables =
        from k in Gen.Int[2, 7]
        from rows in Gen.Int[1, 5]
        from columns in Gen.Int[1, 5]
        from values in Gen.Frequency((3, Gen.Int[0, 4]), (1, Gen.Int[0, 0]), (3, Gen.Int[5, 15])).Array[rows * columns]
        select (ToCells(values, rows, columns), k);

    private static int[,] ToCells(int[] values, int rows, int columns)
    {
        var cells = new int[rows, columns];
        for (var i = 0; i < values.Length; i++) cells[i / columns, i % columns] = values[i];
        return cells;
    }

    [Fact]
    public void Decide_RandomTables_NoSetUnderKDerivableFromShownFigures()
    {
        Tables.Sample(t =>
        {
            var table = Table(t.Cells);
            AssertNothingSmallDerivable(table, CrossTables.Decide(table, t.K), t.K);
        }, iter: 1500);
    }

    [Fact]
    public void Decide_RandomTables_ShowAtLeastWhatTheBluntRuleShowed()
    {
        // The blunt rule showed the cells only when every cell was 0 or ≥ k; the audit must show them all then too.
        Tables.Sample(t =>
        {
            var table = Table(t.Cells);
            var d = CrossTables.Decide(table, t.K);
            var insideSafe = t.Cells.Cast<int>().All(c => c == 0 || c >= t.K);
            if (insideSafe) Assert.All(Enumerable.Range(0, table.Columns.Count).Where(c => d.ColumnTotals[c].Shown),
                c => Assert.All(Enumerable.Range(0, table.Rows.Count), r => Assert.True(d.Cells[r, c].Shown)));
        }, iter: 500);
    }
}
