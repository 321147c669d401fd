using System.Text.Json.Serialization;

namespace Serverless.Core.OpenData;

/// <summary>One published row: a procedure's month, or the month's total over the commune's procedures (<see cref="PublishedStatistics.AllProcedures"/>).</summary>
public sealed record PublishedRow(
    [property: JsonPropertyName("mois")] string Month,
    [property: JsonPropertyName("demarche_id")] string ProcedureId,
    [property: JsonPropertyName("demarche_titre")] string ProcedureTitle,
    [property: JsonPropertyName("valeurs")] IReadOnlyDictionary<string, long?> Counts,
    [property: JsonPropertyName("delai_median_jours")] double? MedianDays,
    [property: JsonPropertyName("delai_p90_jours")] double? Percentile90Days,
    [property: JsonPropertyName("secret_statistique")] IReadOnlyList<string> Suppressed);

/// <summary>What is published for one commune: the producer, the rule applied, and the rows (hidden cells are null).</summary>
public sealed record PublishedStatistics(
    [property: JsonPropertyName("producteur_nom")] string ProducerName,
    [property: JsonPropertyName("producteur_siren")] string ProducerSiren,
    [property: JsonPropertyName("producteur_siret")] string ProducerSiret,
    [property: JsonPropertyName("commune_id")] string CommuneId,
    [property: JsonPropertyName("date_publication")] DateOnly PublishedOn,
    [property: JsonPropertyName("seuil_secret_statistique")] int SecrecyThreshold,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("lignes")] IReadOnlyList<PublishedRow> Rows)
{
    public const string AllProcedures = "ensemble";

    /// <summary>The published column of each measure, in the order of the Table Schema.</summary>
    public static readonly IReadOnlyList<(string Measure, string Column)> Columns =
    [
        (StatisticMeasures.Submitted, "deposees"),
        (StatisticMeasures.Decided, "decidees"),
        (StatisticMeasures.Approved, "acceptees"),
        (StatisticMeasures.Rejected, "refusees"),
        (StatisticMeasures.Implicit, "decisions_implicites"),
        (StatisticMeasures.Withdrawn, "retirees"),
        (StatisticMeasures.Abandoned, "abandonnees"),
        (StatisticMeasures.ChangesRequested, "demandes_complements"),
    ];

    public const string MedianColumn = "delai_median_jours";
    public const string Percentile90Column = "delai_p90_jours";
}
