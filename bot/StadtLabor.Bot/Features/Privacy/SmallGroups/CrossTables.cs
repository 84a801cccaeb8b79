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
/// Small-group protection for two-way tables (the one-way rule is <see cref="SmallGroups"/>), with k the threshold.
///
/// 1. Margins: each margin is decided like a one-way table with the total (rows: the total's parts; columns: the
///    same), exactly as the same figures are decided without the other dimension, so a row total is the same figure in
///    every view. Everything inside a withheld column is withheld.
/// 2. Primary suppression: a cell with 1 to k-1 people is withheld. A cell with 0 people is shown as 0 (as in the
///    one-way rule: "nobody" is not a group of people).
/// 3. Complementary suppression until an exact audit passes. The attacker knows the shown cells, shown row and column
///    totals and the shown total as linear equations over the inner cells. The audit passes when no set of inner cells
///    with 1 to k-1 people in total has a sum that follows from these equations (a 0/1 vector in their row space).
///    A single withheld cell is such a set, so it is derivable only when it holds 0 or at least k people; a derivable
///    0 is allowed, as a shown 0 is. While the audit finds such a set, one more shown cell is withheld that breaks it,
///    the smallest first (then the one whose row and column already hold the most withheld cells, as it protects
///    several lines at once).
/// How the audit is exact and bounded: over the withheld cells the equations are lines (rows, columns, all), so a
/// derivable 0/1 vector is x(r,c) = p(r) + q(c) on the withheld cells, with p free for a shown row total, q free for a
/// shown column total, rows without a shown total sharing one p (free only when the total is shown, else 0), columns
/// without one q = 0. Slicing the integer potentials at each level splits every such x into disjoint "cuts": rows
/// marked top, columns marked bottom, no withheld cell in a bottom row and a top column, the set being the withheld
/// cells of top rows in bottom columns. People are never negative, so if any derivable set has 1 to k-1 people then a
/// cut has, within one connected part of the graph of withheld cells (rows and columns as nodes). The audit enumerates
/// these cuts per part, pruning as soon as a cut holds k people. When that search exceeds its budget (or no shown cell
/// can break a found set), the table falls back to the blunt rule: all inner cells withheld, only the margins stand;
/// unions of margins are 0 or ≥ k by rule 1.
/// Not covered: means (see SmallGroups' note), and linking several tables of the same people (e.g. two multiple-choice
/// options' yes/no tables, or the same question by two groupings) beyond their shared margins: cells withheld
/// differently in two such tables can combine into a small set. Callers with linked tables use <see cref="NoAudit"/>.
/// </summary>
public static class CrossTables
{
    /// <summary>Steps of the cut search per table before the blunt rule takes over (a 12 × 13 table needs far fewer).</summary>
    public const int AuditBudget = 2_000_000;

    /// <summary>
    /// No audit: inner cells are shown only when none needs withholding (all 0 or ≥ k), else only the margins stand.
    /// For tables linked to other tables of the same people by other groupings (the audit sees one table).
    /// </summary>
    public const int NoAudit = 0;

    public static string TotalKey => "total";

    public static string RowKey(int row) => $"row:{row}";

    public static string ColumnKey(int column) => $"col:{column}";

    public static string CellKey(int row, int column) => $"cell:{row}:{column}";

    public static CrossDecision Decide(CrossTable table, int threshold) => Decide(table, threshold, AuditBudget);

    /// <summary>The rule above with another audit budget (the tests force the fallback with a tiny one).</summary>
    public static CrossDecision Decide(CrossTable table, int threshold, int auditBudget)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var rows = table.Rows.Count;
        var columns = table.Columns.Count;
        if (table.Cells.GetLength(0) != rows || table.Cells.GetLength(1) != columns)
            throw new ArgumentException("The cells do not match the rows and columns.", nameof(table));
        foreach (var c in table.Cells)
            if (c < 0) throw new ArgumentException("A cell has a negative count.", nameof(table));

        var columnPeople = Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Sum(r => table.Cells[r, c])).ToArray();
        var rowPeople = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Sum(c => table.Cells[r, c])).ToArray();
        var total = columnPeople.Sum();
        var totalScore = table.ColumnScores?.Sum() ?? table.RowScores?.Sum() ?? 0;

        var byColumn = SmallGroups.Decide(new Group(TotalKey, total, totalScore,
            [.. Enumerable.Range(0, columns).Select(c => new Group(ColumnKey(c), columnPeople[c], table.ColumnScores?[c] ?? 0))]), threshold);
        var byRow = SmallGroups.Decide(new Group(TotalKey, total, totalScore,
            [.. Enumerable.Range(0, rows).Select(r => new Group(RowKey(r), rowPeople[r], table.RowScores?[r] ?? 0))]), threshold);

        var audit = new Audit(table.Cells, [.. Enumerable.Range(0, rows).Select(r => byRow[RowKey(r)].Shown)],
            [.. Enumerable.Range(0, columns).Select(c => byColumn[ColumnKey(c)].Shown)], byColumn[TotalKey].Shown, threshold, auditBudget);
        var hidden = audit.Suppress();

        var cells = new Figure[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var people = table.Cells[r, c];
                var key = CellKey(r, c);
                cells[r, c] = !byColumn[ColumnKey(c)].Shown ? new Figure(key, Withheld.InsideWithheld, null, null, [])
                    : hidden is not null && !hidden[r, c] ? new Figure(key, Withheld.None, people, null, [])
                    : new Figure(key, people >= threshold ? Withheld.Complementary : Withheld.TooFew, null, null, []);
            }
        return new CrossDecision(byColumn[TotalKey],
            [.. Enumerable.Range(0, rows).Select(r => byRow[RowKey(r)])],
            [.. Enumerable.Range(0, columns).Select(c => byColumn[ColumnKey(c)])],
            cells);
    }

    /// <summary>Primary and complementary suppression with the cut audit described on the class.</summary>
    private sealed class Audit(int[,] people, bool[] rowShown, bool[] columnShown, bool totalShown, int k, int budget)
    {
        private readonly int rows = people.GetLength(0);
        private readonly int columns = people.GetLength(1);
        private int steps;

        /// <summary>The withheld cells, or null for the blunt rule (all inner cells withheld).</summary>
        public bool[,]? Suppress()
        {
            var hidden = new bool[rows, columns];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    hidden[r, c] = !columnShown[c] || people[r, c] > 0 && people[r, c] < k;
            if (k <= 1) return hidden;

            // Each round withholds one more cell; a table has no more cells than that to give.
            for (var round = 0; round <= rows * columns; round++)
            {
                var cut = FindUnsafeCut(hidden, out var exceeded);
                if (exceeded) return null;
                if (cut is null) return hidden;
                var (top, inPart) = cut.Value;
                // A cell between two nodes of the cut on different sides breaks it: withheld in a bottom row and a top
                // column it makes the cut impossible; in a top row and a bottom column it joins the set, which then holds
                // at least k people (shown cells are 0 or ≥ k). When there is none, the cut's part must grow first: a
                // cell with one node in it (an outside node could take either side, so it cannot break the cut alone).
                var best = (Row: -1, Column: -1);
                var bestCost = (Outside: 2, People: int.MaxValue, Lines: 0);
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < columns; c++)
                    {
                        var (rowNode, columnNode) = (RowNode(r), ColumnNode(c));
                        var outside = (inPart[rowNode] ? 0 : 1) + (inPart[columnNode] ? 0 : 1);
                        // A cell of 0 people is never taken: the attacker would just put its row on the other side.
                        if (hidden[r, c] || people[r, c] == 0 || outside == 2 || outside == 0 && top[rowNode] == top[columnNode]) continue;
                        var lines = 0;
                        for (var x = 0; x < columns; x++) if (hidden[r, x]) lines++;
                        for (var y = 0; y < rows; y++) if (hidden[y, c]) lines++;
                        var cost = (outside, people[r, c], lines);
                        if (cost.outside < bestCost.Outside
                            || cost.outside == bestCost.Outside && (cost.Item2 < bestCost.People || cost.Item2 == bestCost.People && lines > bestCost.Lines))
                            (best, bestCost) = ((r, c), cost);
                    }
                if (best.Row < 0) return null;
                hidden[best.Row, best.Column] = true;
            }
            return null;
        }

        // Nodes: 0..rows-1 rows with a shown total, rows = all rows without one; rows+1.. columns with a shown total,
        // the last node all columns without one. Rows without a shown total share one potential, so they are one node.
        private int RowNode(int r) => rowShown[r] ? r : rows;

        private int ColumnNode(int c) => columnShown[c] ? rows + 1 + c : rows + 1 + columns;

        private bool IsColumn(int node) => node > rows;

        /// <summary>A cut whose set holds 1 to k-1 people (sides of the nodes of its part), or null when there is none.</summary>
        private (bool[] Top, bool[] InPart)? FindUnsafeCut(bool[,] hidden, out bool exceeded)
        {
            exceeded = false;
            var nodes = rows + columns + 2;
            var restRows = rows;
            var restColumns = rows + 1 + columns;
            // Withheld cells between the same two nodes always go together: one edge carrying their people.
            var edges = new Dictionary<(int Row, int Column), int>();
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    if (hidden[r, c])
                    {
                        var key = (RowNode(r), ColumnNode(c));
                        edges[key] = edges.GetValueOrDefault(key) + people[r, c];
                    }
            var neighbours = Enumerable.Range(0, nodes).Select(_ => new List<(int Node, int People)>()).ToArray();
            foreach (var ((r, c), n) in edges)
            {
                neighbours[r].Add((c, n));
                neighbours[c].Add((r, n));
            }

            // The rest of the columns has potential 0; so has the rest of the rows when the total is not shown. Such
            // fixed nodes are all on the same side of any cut: treat them as joined.
            var fixedNodes = totalShown ? new[] { restColumns } : [restRows, restColumns];
            var part = new int[nodes];
            Array.Fill(part, -1);
            var parts = 0;
            for (var start = 0; start < nodes; start++)
            {
                if (part[start] >= 0 || neighbours[start].Count == 0 && !fixedNodes.Contains(start)) continue;
                var queue = new Queue<int>([start]);
                if (fixedNodes.Contains(start)) foreach (var f in fixedNodes) queue.Enqueue(f);
                while (queue.Count > 0)
                {
                    var n = queue.Dequeue();
                    if (part[n] >= 0) continue;
                    part[n] = parts;
                    foreach (var (m, _) in neighbours[n]) queue.Enqueue(m);
                    if (fixedNodes.Contains(n)) foreach (var f in fixedNodes) queue.Enqueue(f);
                }
                parts++;
            }

            for (var p = 0; p < parts; p++)
            {
                var order = Enumerable.Range(0, nodes).Where(n => part[n] == p).ToList();
                if (order.All(n => neighbours[n].Count == 0)) continue;
                var top = new bool[nodes];
                var assigned = new bool[nodes];
                if (Search(0, 0)) return (top, assigned);
                if (steps > budget)
                {
                    exceeded = true;
                    return null;
                }

                bool Search(int i, int sum)
                {
                    if (++steps > budget) return false;
                    if (i == order.Count) return sum >= 1 && sum < k;
                    var node = order[i];
                    foreach (var isTop in new[] { false, true })
                    {
                        // The fixed nodes take the side of the first of them.
                        if (fixedNodes.Contains(node) && fixedNodes.Any(f => f != node && assigned[f] && top[f] != isTop)) continue;
                        var add = 0;
                        var possible = true;
                        foreach (var (m, n) in neighbours[node])
                        {
                            if (!assigned[m]) continue;
                            var (rowTop, columnTop) = IsColumn(node) ? (top[m], isTop) : (isTop, top[m]);
                            if (!rowTop && columnTop) possible = false;
                            else if (rowTop && !columnTop) add += n;
                        }
                        // Sets only grow as more nodes are marked: from k people on this branch is safe.
                        if (!possible || sum + add >= k) continue;
                        top[node] = isTop;
                        assigned[node] = true;
                        if (Search(i + 1, sum + add)) return true;
                        assigned[node] = false;
                        if (steps > budget) return false;
                    }
                    return false;
                }
            }
            return null;
        }
    }
}
