using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Signatures;

namespace Serverless.Core.Tests;

/// <summary>A decision with a visa and the mayor's signature, and the signatories of the commune of Saint-Exemple.</summary>
internal static class DecisionSamples
{
    public static readonly DateTimeOffset VisaAt = new(2026, 12, 3, 9, 15, 0, TimeSpan.FromHours(1));
    public static readonly DateTimeOffset DecisionAt = new(2026, 12, 4, 17, 40, 0, TimeSpan.FromHours(1));

    public static readonly Signatory DirectorGeneral = new("saint-exemple", "dgs", "Claire Lambert", "Directrice générale des services");
    public static readonly Signatory Deputy = new("saint-exemple", "adjointe-education", "Marie Durand", "Adjointe déléguée à l'éducation");

    public const string DeputyCapacity = "Pour le maire et par délégation, Marie Durand, adjointe déléguée à l'éducation (arrêté n° 2026-014 du 2 janvier 2026)";

    /// <summary>One authority (and its RSA 3072 keys) for the whole test run, in a folder of its own.</summary>
    public static readonly Lazy<LocalSignatoryAuthority> Authority = new(() => NewAuthority(Path.Combine(Path.GetTempPath(), $"signatories-{Guid.NewGuid():N}")));

    public static LocalSignatoryAuthority NewAuthority(string folder) =>
        new(Options.Create(new SignatureOptions { LocalDirectory = folder }), TimeProvider.System, NullLogger<LocalSignatoryAuthority>.Instance);

    public static DecisionDocumentContent Derogation() => new(
        "Saint-Exemple",
        "Département de l'Exemple",
        "1 place de la Mairie, 99999 Saint-Exemple",
        "#1f4e79",
        LogoPng: null,
        "Arrêté portant dérogation au périmètre scolaire",
        "Le maire de Saint-Exemple,\nVu le code de l'éducation, notamment son article L. 212-7 ;\nVu la demande présentée le 20 novembre 2026 ;\n\nArrête :\nArticle 1 : L'enfant Léa Martin est autorisée à être scolarisée à l'école élémentaire Jean-Jaurès pour l'année scolaire 2026-2027.\nArticle 2 : Le présent arrêté peut faire l'objet d'un recours devant le tribunal administratif dans un délai de deux mois.",
        "DS-2026-000123",
        2,
        "Fait à Saint-Exemple, le 4 décembre 2026",
        [new SignatureSlot("visa-1", "Visa : Directrice générale des services"), new SignatureSlot("signature", "Le maire")],
        "https://services.saint-exemple.fr/verifier/DS-2026-000123");

    public static SignatureMark Visa() => new(DirectorGeneral, SignatureKind.Visa, "Directrice générale des services", VisaAt, "Saint-Exemple");

    public static SignatureMark Decision() => new(Deputy, SignatureKind.Decision, DeputyCapacity, DecisionAt, "Saint-Exemple");

    /// <summary>An engine without a timestamp authority (the unit tests' case).</summary>
    public static PdfSignatureAppender Appender(SignatureTimestamper? timestamper = null) =>
        new(new CadesSignature(timestamper ?? new SignatureTimestamper(Options.Create(new SignatureOptions()), new NoHttp())));

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No timestamp authority in this test.");
    }
}
