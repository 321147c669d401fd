using Serverless.Core.Certificates;

namespace Serverless.Core.Tests;

internal static class CertificateSamples
{
    public const string Number = "AT-2026-K7Q3M9X2TD";
    public const string VerificationUrl = "https://services.saint-exemple.example/api/verify/AT-2026-K7Q3M9X2TD";

    public static readonly DateTimeOffset IssuedAt = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static CertificateContent Content(string body, params (string Label, string Value)[] fields) => new(
        "Commune de Saint-Exemple",
        "Hôtel de ville, 1 place de la Mairie, 30000 Saint-Exemple",
        "Saint-Exemple",
        "Certificat d'inscription scolaire",
        body,
        fields,
        Number,
        "ECO-2026-7K3F9Q",
        IssuedAt,
        "Fait à Saint-Exemple, le 28 novembre 2026",
        "Pour le maire de Saint-Exemple, par délégation",
        VerificationUrl)
    {
        Department = "Département du Gard",
        Colour = "#1d6b46",
    };

    public static CertificateContent Typical() => Content(
        "Le maire certifie que l'enfant Chloé Lœvenbrück est inscrite à l'école « Jean-Jaurès » pour l'année 2026-2027.",
        ("Prénom de l'enfant", "Chloé"),
        ("Nom de l'enfant", "Lœvenbrück"),
        ("Responsable légal", "Hélène Bérézina-Françoise"),
        ("École", "École élémentaire « Jean-Jaurès »"));

    public static CertificateSignature Signature(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        new(CertificateSignature.SignerFor(certificate), CertificateSignature.NameOf(certificate), IssuedAt, "Saint-Exemple");
}
