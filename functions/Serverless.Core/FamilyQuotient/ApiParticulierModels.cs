using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.FamilyQuotient;

// API Particulier v3's shapes, as far as this client reads them (docs/API-PARTICULIER.md): a success is
// { data: { allocataires, enfants, adresse, quotient_familial }, links, meta }, an error { errors: [{ code, title,
// detail, source, meta }] }. Only the quotient and the errors are read; the household's names and address are not
// kept (data minimisation: the pricing needs the quotient only).

internal sealed record QuotientFamilialAnswer(
    [property: JsonPropertyName("data")] QuotientFamilialData? Data);

internal sealed record QuotientFamilialData(
    [property: JsonPropertyName("quotient_familial")] QuotientFamilialValue? QuotientFamilial);

internal sealed record QuotientFamilialValue(
    [property: JsonPropertyName("fournisseur")] string? Fournisseur,
    [property: JsonPropertyName("valeur")] int? Valeur,
    [property: JsonPropertyName("annee")] int? Annee,
    [property: JsonPropertyName("mois")] int? Mois,
    [property: JsonPropertyName("annee_calcul")] int? AnneeCalcul,
    [property: JsonPropertyName("mois_calcul")] int? MoisCalcul);

internal sealed record ErrorsAnswer(
    [property: JsonPropertyName("errors")] IReadOnlyList<ApiError>? Errors);

internal sealed record ApiError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("source")] ApiErrorSource? Source);

internal sealed record ApiErrorSource(
    [property: JsonPropertyName("parameter")] string? Parameter);

/// <summary>Strict reading: names as API Particulier writes them, numbers as numbers, no comments nor trailing commas.</summary>
internal static class ApiParticulierJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);
}
