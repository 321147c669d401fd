using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Serverless.Core.OpenData;

/// <summary>
/// The published files. CSV as schema.data.gouv.fr recommends: UTF-8 (no BOM), comma, a header row, ISO 8601 dates,
/// "." for decimals, the producer's name, SIREN and SIRET on every row; a suppressed cell is empty and named in the
/// row's <c>secret_statistique</c> column. JSON: the same rows, hidden cells null.
/// </summary>
public static class StatisticsFormats
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "producteur_nom", "producteur_siren", "producteur_siret", "commune_id", "mois", "demarche_id", "demarche_titre",
        .. PublishedStatistics.Columns.Select(column => column.Column),
        PublishedStatistics.MedianColumn, PublishedStatistics.Percentile90Column, "secret_statistique", "date_publication",
    ];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Csv(PublishedStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var csv = new StringBuilder();
        Line(csv, CsvHeader);
        var date = statistics.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var row in statistics.Rows)
        {
            Line(csv, [
                statistics.ProducerName, statistics.ProducerSiren, statistics.ProducerSiret, statistics.CommuneId, row.Month, row.ProcedureId, row.ProcedureTitle,
                .. PublishedStatistics.Columns.Select(column => row.Counts[column.Column]?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
                Number(row.MedianDays), Number(row.Percentile90Days), string.Join(' ', row.Suppressed), date,
            ]);
        }

        return csv.ToString();
    }

    public static string ToJson(PublishedStatistics statistics) => JsonSerializer.Serialize(statistics, Json);

    public static PublishedStatistics FromJson(string json) =>
        JsonSerializer.Deserialize<PublishedStatistics>(json, Json) ?? throw new JsonException("No statistics in the document.");

    private static string Number(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty;

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
