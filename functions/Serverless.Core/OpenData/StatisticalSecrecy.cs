namespace Serverless.Core.OpenData;

/// <summary>A cell of a published month: row (a procedure, or the month's total) and measure.</summary>
public readonly record struct Cell(int Row, string Measure);

/// <summary>
/// Statistical secrecy for one commune × month. Primary suppression hides every count from 1 to threshold − 1 (0
/// reveals no one and is shown). Secondary suppression then hides more cells until no hidden cell can be recomputed
/// exactly from what is published, through the relations a reader knows: in every row decided = approved + rejected,
/// and for every measure the total row = the sum of the procedure rows. "Recomputed" is tested by linear algebra on
/// those equations (a hidden cell is determined when the unit vector on it lies in the row space of the equations
/// restricted to hidden cells), which covers chains of substitutions as well as single differences. Months are
/// independent: no yearly total is published, so no relation links two months. What this does not protect against is
/// bounding a hidden cell to an interval (it is known to be ≥ 0 and, when primary, below the threshold); that is the
/// accepted practice of cell suppression.
/// </summary>
public static class StatisticalSecrecy
{
    private const double Epsilon = 1e-9;

    /// <summary>The measures tied by the row equation decided = approved + rejected.</summary>
    private static readonly string[] RowEquation = [StatisticMeasures.Decided, StatisticMeasures.Approved, StatisticMeasures.Rejected];

    /// <summary>
    /// The cells to hide. <paramref name="rows"/> holds the procedure rows followed by the month's total row (the last),
    /// each with every measure of <see cref="StatisticMeasures.All"/>.
    /// </summary>
    public static IReadOnlySet<Cell> Suppress(IReadOnlyList<IReadOnlyDictionary<string, long>> rows, int threshold)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hidden = new HashSet<Cell>();
        for (var row = 0; row < rows.Count; row++)
        {
            foreach (var measure in StatisticMeasures.All)
            {
                var value = rows[row].GetValueOrDefault(measure);
                if (value > 0 && value < threshold)
                {
                    hidden.Add(new Cell(row, measure));
                }
            }
        }

        var equations = Equations(rows.Count);
        while (FirstDetermined(equations, hidden) is { } exposed)
        {
            hidden.Add(Complement(equations, hidden, exposed, rows));
        }

        return hidden;
    }

    /// <summary>Every relation a reader knows, as cells with coefficients (sum = 0).</summary>
    public static IReadOnlyList<IReadOnlyList<(Cell Cell, int Coefficient)>> Equations(int rowCount)
    {
        var equations = new List<IReadOnlyList<(Cell, int)>>();
        for (var row = 0; row < rowCount; row++)
        {
            equations.Add([(new Cell(row, RowEquation[0]), 1), (new Cell(row, RowEquation[1]), -1), (new Cell(row, RowEquation[2]), -1)]);
        }

        var total = rowCount - 1;
        if (total >= 1)
        {
            foreach (var measure in StatisticMeasures.All)
            {
                var equation = new List<(Cell, int)> { (new Cell(total, measure), 1) };
                equation.AddRange(Enumerable.Range(0, total).Select(row => (new Cell(row, measure), -1)));
                equations.Add(equation);
            }
        }

        return equations;
    }

    /// <summary>A hidden cell that the equations determine, or null when none is.</summary>
    private static Cell? FirstDetermined(IReadOnlyList<IReadOnlyList<(Cell Cell, int Coefficient)>> equations, HashSet<Cell> hidden) =>
        Determined(equations, hidden).Cast<Cell?>().FirstOrDefault();

    /// <summary>Every hidden cell that the equations determine.</summary>
    private static IEnumerable<Cell> Determined(IReadOnlyList<IReadOnlyList<(Cell Cell, int Coefficient)>> equations, HashSet<Cell> hidden)
    {
        var unknowns = hidden.OrderBy(cell => cell.Row).ThenBy(cell => cell.Measure, StringComparer.Ordinal).ToList();
        var column = unknowns.Select((cell, index) => (cell, index)).ToDictionary(pair => pair.cell, pair => pair.index);
        var matrix = equations
            .Select(equation =>
            {
                var line = new double[unknowns.Count];
                foreach (var (cell, coefficient) in equation)
                {
                    if (column.TryGetValue(cell, out var index))
                    {
                        line[index] += coefficient;
                    }
                }

                return line;
            })
            .Where(line => line.Any(value => Math.Abs(value) > Epsilon))
            .ToList();

        foreach (var pivotRow in ReducedRowEchelon(matrix, unknowns.Count))
        {
            var nonZero = Enumerable.Range(0, unknowns.Count).Where(index => Math.Abs(pivotRow[index]) > Epsilon).ToList();
            if (nonZero.Count == 1)
            {
                yield return unknowns[nonZero[0]];
            }
        }
    }

    /// <summary>Gauss–Jordan elimination; returns the non-zero rows of the reduced matrix.</summary>
    private static List<double[]> ReducedRowEchelon(List<double[]> matrix, int columns)
    {
        var pivot = 0;
        for (var col = 0; col < columns && pivot < matrix.Count; col++)
        {
            var best = Enumerable.Range(pivot, matrix.Count - pivot).OrderByDescending(row => Math.Abs(matrix[row][col])).First();
            if (Math.Abs(matrix[best][col]) < Epsilon)
            {
                continue;
            }

            (matrix[pivot], matrix[best]) = (matrix[best], matrix[pivot]);
            var scale = matrix[pivot][col];
            for (var c = 0; c < columns; c++)
            {
                matrix[pivot][c] /= scale;
            }

            for (var row = 0; row < matrix.Count; row++)
            {
                if (row != pivot && Math.Abs(matrix[row][col]) > Epsilon)
                {
                    var factor = matrix[row][col];
                    for (var c = 0; c < columns; c++)
                    {
                        matrix[row][c] -= factor * matrix[pivot][c];
                    }
                }
            }

            pivot++;
        }

        return matrix.Take(pivot).ToList();
    }

    /// <summary>
    /// The cell to hide next so that <paramref name="exposed"/> is no longer determined: in an equation through it,
    /// the visible cell of smallest positive value (least information lost), a zero only when nothing else is left.
    /// </summary>
    private static Cell Complement(IReadOnlyList<IReadOnlyList<(Cell Cell, int Coefficient)>> equations, HashSet<Cell> hidden, Cell exposed, IReadOnlyList<IReadOnlyDictionary<string, long>> rows)
    {
        long Value(Cell cell) => rows[cell.Row].GetValueOrDefault(cell.Measure);
        var candidates = equations
            .Where(equation => equation.Any(term => term.Cell == exposed))
            .SelectMany(equation => equation.Select(term => term.Cell))
            .Where(cell => !hidden.Contains(cell))
            .Distinct()
            .OrderBy(cell => Value(cell) == 0 ? 1 : 0)
            .ThenBy(Value)
            .ThenBy(cell => cell.Row)
            .ThenBy(cell => cell.Measure, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count > 0)
        {
            return candidates[0];
        }

        // Every cell of its equations is hidden and it is still determined through a longer chain: hide the smallest
        // visible cell of the month whose hiding breaks that chain (found by trying), else the smallest visible cell.
        var visible = Enumerable.Range(0, rows.Count)
            .SelectMany(row => StatisticMeasures.All.Select(measure => new Cell(row, measure)))
            .Where(cell => !hidden.Contains(cell))
            .OrderBy(cell => Value(cell) == 0 ? 1 : 0)
            .ThenBy(Value)
            .ToList();
        return visible.FirstOrDefault(cell => !Determined(equations, [.. hidden, cell]).Contains(exposed), visible[0]);
    }
}
