namespace StadtLabor.Bot.Features.Privacy.SmallGroups;

/// <summary>
/// A table of people counted two ways at once: rows (e.g. the options of a question) × columns (e.g. the departments
/// of a breakdown), with both margins and the total shown beside it. <see cref="ColumnScores"/> (optional) is the sum
/// of the scores of each column's people, for means (a scale's 1..5).
/// </summary>
public sealed record CrossTable(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, int[,] Cells, double[]? ColumnScores = null, double[]? RowScores = null)
{
    public int Total
    {
        get
        {
            var sum = 0;
            foreach (var c in Cells) sum += c;
            return sum;
        }
    }
}

/// <summary>The decision about a whole cross table: each cell, each row and column total, the total.</summary>
public sealed record CrossDecision(Figure Total, IReadOnlyList<Figure> RowTotals, IReadOnlyList<Figure> ColumnTotals, Figure[,] Cells);

/// <summary>
/// Small-group protection for two-way tables (the one-way rule is <see cref="SmallGroups"/>): every shown figure is
/// about at least k people, and no difference of shown figures (rows minus cells, columns minus cells, the total
/// minus margins, across rows and columns together) yields a group of 1 to k-1.
///
/// Each margin is decided like a one-way table with the total (rows: the total's parts; columns: the same), so the
/// margins alone can only be combined into unions of rows or of columns, each 0 or ≥ k. Inner cells are shown only
/// when the whole inside of the table is safe on its own: every cell 0 or ≥ k. Then every difference of shown figures
/// is a sum of cells that are 0 or ≥ k. Otherwise all inner cells are withheld, and the margins alone stand.
/// (The margins' means, like every mean, are shown with their count; see SmallGroups' note on means.)
/// </summary>
public static class CrossTables
{
    public static string TotalKey => "total";

    public static string RowKey(int row) => $"row:{row}";

    public static string ColumnKey(int column) => $"col:{column}";

    public static string CellKey(int row, int column) => $"cell:{row}:{column}";

    public static CrossDecision Decide(CrossTable table, int threshold)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var rows = table.Rows.Count;
        var columns = table.Columns.Count;
        if (table.Cells.GetLength(0) != rows || table.Cells.GetLength(1) != columns)
            throw new ArgumentException("The cells do not match the rows and columns.", nameof(table));

        var columnPeople = Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Sum(r => table.Cells[r, c])).ToArray();
        var rowPeople = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Sum(c => table.Cells[r, c])).ToArray();
        var total = columnPeople.Sum();
        var totalScore = table.ColumnScores?.Sum() ?? table.RowScores?.Sum() ?? 0;

        var byColumn = SmallGroups.Decide(new Group(TotalKey, total, totalScore,
            [.. Enumerable.Range(0, columns).Select(c => new Group(ColumnKey(c), columnPeople[c], table.ColumnScores?[c] ?? 0))]), threshold);
        var byRow = SmallGroups.Decide(new Group(TotalKey, total, totalScore,
            [.. Enumerable.Range(0, rows).Select(r => new Group(RowKey(r), rowPeople[r], table.RowScores?[r] ?? 0))]), threshold);

        var insideSafe = true;
        foreach (var c in table.Cells) insideSafe &= c == 0 || c >= threshold;

        var cells = new Figure[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var people = table.Cells[r, c];
                var key = CellKey(r, c);
                cells[r, c] = !byColumn[ColumnKey(c)].Shown ? new Figure(key, Withheld.InsideWithheld, null, null, [])
                    : insideSafe ? new Figure(key, Withheld.None, people, null, [])
                    : new Figure(key, people >= threshold ? Withheld.Complementary : Withheld.TooFew, null, null, []);
            }
        return new CrossDecision(byColumn[TotalKey],
            [.. Enumerable.Range(0, rows).Select(r => byRow[RowKey(r)])],
            [.. Enumerable.Range(0, columns).Select(c => byColumn[ColumnKey(c)])],
            cells);
    }
}
