using System.Globalization;
using System.Text;

namespace Serverless.IntegrationTests.Payments;

/// <summary>One payment line: PayFiP's report's fields by column title, and (for the app's export) the application's.</summary>
public sealed record PaymentLine(IReadOnlyDictionary<string, string> Fields)
{
    public string IdOp => Fields["IDOP"];

    public string this[string column] => Fields.GetValueOrDefault(column) ?? string.Empty;

    public bool Refund => this["A_REMBOURSER"] == "oui";
}

/// <summary>
/// The accountant's check: the app's export of a régie's day against PayFiP's daily report of the same day, line by
/// line by idOp. Both are <c>;</c>-separated; the report's lines are <c>EN-TETE</c>, a titles <c>LIGNE</c>, payment
/// <c>LIGNE</c>s and a <c>PIED-DE-PAGE</c> (count; total), the export a header row then one row per payment.
/// </summary>
public static class Reconciliation
{
    /// <summary>The columns both carry, in the report's order.</summary>
    public static readonly IReadOnlyList<string> SharedColumns = ["DATE", "REFDET", "MONTANT", "EXER", "NUMCLI", "NUMAUTO", "IDOP", "RESULTRANS", "SAISIE", "OBJET"];

    public static IReadOnlyList<PaymentLine> ReadExport(string csv)
    {
        var rows = Split(csv.TrimStart('\uFEFF'));
        var header = rows[0];
        return [.. rows.Skip(1).Select(row => new PaymentLine(header.Zip(row).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal)))];
    }

    /// <summary>The report's payment lines, and its footer's count and total (euros, decimal comma).</summary>
    public static (IReadOnlyList<PaymentLine> Lines, int Count, string Total) ReadReport(string report)
    {
        var rows = Split(report);
        var lines = rows.Where(row => row[0] == "LIGNE").ToList();
        var titles = lines[0].Skip(1).ToList();
        var footer = rows.Single(row => row[0] == "PIED-DE-PAGE");
        return (
            [.. lines.Skip(1).Select(row => new PaymentLine(titles.Zip(row.Skip(1)).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal)))],
            int.Parse(footer[1], CultureInfo.InvariantCulture),
            footer[2]);
    }

    /// <summary>The differences (none when the two match line by line), and a report of the comparison for people.</summary>
    public static (IReadOnlyList<string> Differences, string Text) Compare(IReadOnlyList<PaymentLine> export, IReadOnlyList<PaymentLine> report)
    {
        var differences = new List<string>();
        var text = new StringBuilder();
        var byIdOp = export.ToDictionary(line => line.IdOp, StringComparer.Ordinal);
        var reported = report.ToDictionary(line => line.IdOp, StringComparer.Ordinal);
        foreach (var line in report)
        {
            if (!byIdOp.TryGetValue(line.IdOp, out var ours))
            {
                differences.Add($"{line.IdOp} ({line["REFDET"]}, {line["MONTANT"]}): in PayFiP's report, not in the export");
                text.AppendLine(CultureInfo.InvariantCulture, $"MISSING  {line.IdOp}  refdet {line["REFDET"]}  {line["MONTANT"]} EUR  numauto {line["NUMAUTO"]}");
                continue;
            }

            var unequal = SharedColumns.Where(column => ours[column] != line[column]).ToList();
            differences.AddRange(unequal.Select(column => $"{line.IdOp}: {column} is '{ours[column]}' in the export, '{line[column]}' in PayFiP's report"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{(unequal.Count == 0 ? "same    " : "DIFFERS ")} {line.IdOp}  {line["DATE"]}  refdet {line["REFDET"]}  {line["MONTANT"]} EUR  numauto {line["NUMAUTO"]}  {line["RESULTRANS"]}  application {ours["REFERENCE"]}{(ours.Refund ? "  à rembourser" : string.Empty)}");
        }

        foreach (var extra in export.Where(line => !reported.ContainsKey(line.IdOp)))
        {
            differences.Add($"{extra.IdOp} ({extra["REFDET"]}, {extra["MONTANT"]}): in the export, not in PayFiP's report");
            text.AppendLine(CultureInfo.InvariantCulture, $"EXTRA    {extra.IdOp}  refdet {extra["REFDET"]}  {extra["MONTANT"]} EUR  application {extra["REFERENCE"]}");
        }

        // A debt PayFiP cashed more than once: exactly one of its payments settles it, the others are to refund.
        foreach (var debt in export.GroupBy(line => line["REFDET"], StringComparer.Ordinal))
        {
            var kept = debt.Count(line => !line.Refund);
            if (kept != 1)
            {
                differences.Add($"refdet {debt.Key}: {debt.Count()} payments, {kept} not flagged for refund (1 expected)");
            }
        }

        return (differences, text.ToString());
    }

    private static List<string[]> Split(string text) =>
        [.. text.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries).Select(SplitLine)];

    /// <summary>One <c>;</c>-separated line, quoted fields unquoted (neither file quotes today's values).</summary>
    private static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var index = 0; index < line.Length; index++)
        {
            var c = line[index];
            if (quoted && c == '"' && index + 1 < line.Length && line[index + 1] == '"')
            {
                field.Append('"');
                index++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
