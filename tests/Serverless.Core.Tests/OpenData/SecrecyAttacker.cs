using System.Numerics;

namespace Serverless.Core.Tests.OpenData;

/// <summary>
/// What a reader of the published CSV can do: for each month, write every relation they know (in each row
/// decidees = acceptees + refusees; for each count column, the "ensemble" row = the sum of the procedure rows),
/// substitute the published values, and solve for the empty cells by exact Gauss–Jordan elimination over the
/// rationals. Returns every hidden cell the system determines, with its recomputed value. Written apart from the
/// product's suppressor (different arithmetic, reads only the CSV text) so that it checks it rather than repeats it.
/// </summary>
public static class SecrecyAttacker
{
    private static readonly string[] Counts = ["deposees", "decidees", "acceptees", "refusees", "decisions_implicites", "retirees", "abandonnees", "demandes_complements"];

    public static IReadOnlyList<(string Month, string Procedure, string Column, BigInteger Value)> Recover(string csv)
    {
        var rows = Csv.Parse(csv);
        var header = rows[0];
        var data = rows.Skip(1).Select(row => header.Zip(row).ToDictionary(pair => pair.First, pair => pair.Second)).ToList();
        var found = new List<(string, string, string, BigInteger)>();
        foreach (var month in data.GroupBy(row => row["mois"]))
        {
            var lines = month.ToList();
            var cells = new List<(int Row, string Column)>();
            foreach (var (line, index) in lines.Select((line, index) => (line, index)))
            {
                cells.AddRange(Counts.Where(column => line[column].Length == 0).Select(column => (index, column)));
            }

            if (cells.Count == 0)
            {
                continue;
            }

            var unknown = cells.Select((cell, index) => (cell, index)).ToDictionary(pair => pair.cell, pair => pair.index);
            var equations = new List<Rational[]>();

            void Add(IEnumerable<((int Row, string Column) Cell, int Coefficient)> terms)
            {
                var equation = Enumerable.Repeat(Rational.Zero, cells.Count + 1).ToArray();
                foreach (var (cell, coefficient) in terms)
                {
                    if (unknown.TryGetValue(cell, out var index))
                    {
                        equation[index] += new Rational(coefficient);
                    }
                    else
                    {
                        equation[cells.Count] -= new Rational(coefficient * BigInteger.Parse(lines[cell.Row][cell.Column], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                equations.Add(equation);
            }

            for (var row = 0; row < lines.Count; row++)
            {
                Add([((row, "decidees"), 1), ((row, "acceptees"), -1), ((row, "refusees"), -1)]);
            }

            var total = lines.FindIndex(line => line["demarche_id"] == "ensemble");
            foreach (var column in Counts)
            {
                Add(new[] { ((total, column), 1) }.Concat(Enumerable.Range(0, lines.Count).Where(row => row != total).Select(row => ((row, column), -1))));
            }

            foreach (var (index, value) in Solve(equations, cells.Count))
            {
                found.Add((month.Key, lines[cells[index].Row]["demarche_id"], cells[index].Column, value));
            }
        }

        return found;
    }

    /// <summary>Gauss–Jordan on [A | b]; the unknowns whose reduced row has a single non-zero coefficient, with their value.</summary>
    private static IEnumerable<(int Index, BigInteger Value)> Solve(List<Rational[]> matrix, int unknowns)
    {
        var pivot = 0;
        for (var column = 0; column < unknowns && pivot < matrix.Count; column++)
        {
            var found = Enumerable.Range(pivot, matrix.Count - pivot).FirstOrDefault(row => !matrix[row][column].IsZero, -1);
            if (found < 0)
            {
                continue;
            }

            (matrix[pivot], matrix[found]) = (matrix[found], matrix[pivot]);
            var scale = matrix[pivot][column];
            matrix[pivot] = matrix[pivot].Select(value => value / scale).ToArray();
            for (var row = 0; row < matrix.Count; row++)
            {
                if (row != pivot && !matrix[row][column].IsZero)
                {
                    var factor = matrix[row][column];
                    matrix[row] = matrix[row].Select((value, c) => value - factor * matrix[pivot][c]).ToArray();
                }
            }

            pivot++;
        }

        foreach (var row in matrix.Take(pivot))
        {
            var nonZero = Enumerable.Range(0, unknowns).Where(c => !row[c].IsZero).ToList();
            if (nonZero.Count == 1)
            {
                var value = row[unknowns] / row[nonZero[0]];
                yield return (nonZero[0], value.Numerator / value.Denominator);
            }
        }
    }

    /// <summary>An exact fraction.</summary>
    private readonly record struct Rational
    {
        public Rational(BigInteger numerator, BigInteger? denominator = null)
        {
            var d = denominator ?? BigInteger.One;
            var gcd = BigInteger.GreatestCommonDivisor(numerator, d);
            gcd = gcd.IsZero ? BigInteger.One : gcd;
            var sign = d.Sign < 0 ? -1 : 1;
            Numerator = sign * numerator / gcd;
            Denominator = sign * d / gcd;
        }

        public static Rational Zero => new(BigInteger.Zero);

        public BigInteger Numerator { get; }

        public BigInteger Denominator { get; }

        public bool IsZero => Numerator.IsZero;

        public static Rational operator +(Rational a, Rational b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Rational operator -(Rational a, Rational b) => new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

        public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }
}
