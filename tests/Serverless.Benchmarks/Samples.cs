using Serverless.Core.Certificates;

namespace Serverless.Benchmarks;

/// <summary>A school-enrolment certificate as the workflow composes it (nine fields, one page).</summary>
internal static class Samples
{
    public static CertificateContent Content(DateTimeOffset issuedAt) => new(
        "Commune de Saint-Exemple",
        "Hôtel de ville, 1 place de la Mairie, 30000 Saint-Exemple",
        "Saint-Exemple",
        "Certificat d'inscription scolaire",
        "Le maire certifie que l'enfant Léa Martin-Lœvenbrück, né(e) le 4 mai 2020, est inscrit(e) pour l'année scolaire 2026-2027 dans l'établissement suivant : École élémentaire Jules-Ferry.",
        [
            ("Prénom de l'enfant", "Léa"),
            ("Nom de l'enfant", "Martin-Lœvenbrück"),
            ("Date de naissance de l'enfant", "4 mai 2020"),
            ("Année scolaire", "2026-2027"),
            ("École demandée", "École élémentaire Jules-Ferry"),
            ("Nom et prénom du responsable légal", "Claire Martin"),
            ("Adresse (numéro et voie)", "3 rue des Lilas"),
            ("Code postal", "30000"),
            ("Commune", "Saint-Exemple"),
        ],
        "AT-2026-K7Q3M9X2TD",
        "ECO-2026-7K3F9Q",
        issuedAt,
        "Fait à Saint-Exemple, le 28 novembre 2026",
        "Pour le maire de Saint-Exemple, par délégation",
        "https://services.saint-exemple.example/api/verify/AT-2026-K7Q3M9X2TD");
}
