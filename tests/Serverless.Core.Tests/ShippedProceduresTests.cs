using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using UglyToad.PdfPig;

namespace Serverless.Core.Tests;

/// <summary>Each procedure the product ships: a realistic application is accepted and yields a certificate that says the right things.</summary>
public sealed class ShippedProceduresTests
{
    private static readonly byte[] Pdf = "%PDF-1.4\n%test\n"u8.ToArray();
    private readonly SubmissionValidator validator = new(new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));

    /// <summary>A sample application: single values, repeated values (checkboxes), file fields, and what its certificate must show.</summary>
    public sealed record Sample(
        string ProcedureId,
        Dictionary<string, string> Fields,
        Dictionary<string, IReadOnlyList<string>> Repeated,
        string[] FileFields,
        string[] CertificateMustShow,
        (string Field, string Value)[] Breakage,
        string[] ExpectedErrorFields)
    {
        public override string ToString() => ProcedureId;
    }

    public static TheoryData<Sample> Samples() =>
    [
        new Sample(
            "school-enrolment",
            SchoolEnrolmentSamples.ValidFields(),
            [],
            ["proofOfAddress"],
            ["Commune de Saint-Exemple", "Certificat d'inscription scolaire", "Léa Martin", "École élémentaire Jules-Ferry", "2027-2028", "Marie Dupont", "Adjointe au maire chargée de l'éducation"],
            [("childBirthDate", "2012-01-01")],
            ["childBirthDate"]),
        new Sample(
            "birth-certificate-request",
            new()
            {
                ["actType"] = "copie-integrale", ["personLastName"] = "Dubois", ["personFirstNames"] = "Élise Marie", ["birthDate"] = "1990-03-15",
                ["fatherName"] = "Henri Dubois", ["motherName"] = "Anne Lefèvre", ["requesterQuality"] = "titulaire", ["requesterName"] = "Élise Dubois",
                ["requesterEmail"] = "elise.dubois@example.org", ["deliveryMode"] = "courrier", ["postalAddress"] = "12 rue des Prés, 30000 Saint-Exemple", ["copies"] = "2",
            },
            [],
            ["identityDocument"],
            ["Attestation de traitement d'une demande d'acte de naissance", "Copie intégrale", "Élise Marie Dubois", "Par courrier postal", "Officier de l'état civil"],
            [("fatherName", string.Empty), ("deliveryMode", "guichet"), ("copies", "4")],
            ["fatherName", "copies"]),
        new Sample(
            "canteen-after-school",
            new()
            {
                ["childFirstName"] = "Noé", ["childLastName"] = "Garçon", ["childBirthDate"] = "2019-10-02", ["schoolYear"] = "2026-2027", ["school"] = "ecole-jean-jaures",
                ["dietaryRequirements"] = "oui", ["dietaryDetails"] = "Allergie à l'arachide", ["parentName"] = "Inès Garçon", ["parentEmail"] = "ines@example.org", ["parentPhone"] = "0466000000",
            },
            new() { ["services"] = ["garderie-soir", "cantine"], ["days"] = ["lundi", "mardi", "jeudi", "vendredi"] },
            [],
            ["Attestation d'inscription aux services périscolaires", "Noé Garçon", "Restauration scolaire, Garderie du soir", "Lundi, Mardi, Jeudi, Vendredi", "Groupe scolaire Jean-Jaurès"],
            [("dietaryDetails", string.Empty)],
            ["dietaryDetails"]),
        new Sample(
            "library-membership",
            new()
            {
                ["memberFirstName"] = "Chloé", ["memberLastName"] = "Lœvenbrück", ["birthDate"] = "2004-07-14", ["email"] = "chloe@example.org", ["addressLine"] = "5 rue Haute",
                ["postalCode"] = "30900", ["city"] = "Saint-Exemple", ["membershipType"] = "etudiant",
            },
            [],
            ["proofOfStatus"],
            ["Attestation d'adhésion à la médiathèque", "Chloé Lœvenbrück", "Étudiant – gratuit", "Directrice de la médiathèque"],
            [("postalCode", "75001")],
            ["postalCode"]),
        new Sample(
            "social-aid-request",
            new()
            {
                ["applicantFirstName"] = "René", ["applicantLastName"] = "Faÿ", ["birthDate"] = "1961-02-01", ["email"] = "rene@example.org", ["phone"] = "06 11 22 33 44",
                ["addressLine"] = "8 impasse du Moulin", ["postalCode"] = "30000", ["city"] = "Saint-Exemple", ["householdSize"] = "3", ["monthlyIncome"] = "1150",
                ["aidType"] = "aide-energie", ["situation"] = "Facture de chauffage impayée après une hospitalisation.",
            },
            [],
            ["incomeProofs", "incomeProofs"],
            ["Notification d'attribution d'une aide facultative", "René Faÿ", "Aide au paiement de l'énergie", "foyer de 3 personne(s)", "Vice-président du CCAS"],
            [("birthDate", "2010-01-01"), ("monthlyIncome", "-5")],
            ["monthlyIncome"]),
        new Sample(
            "villeneuve-school-enrolment",
            new(SchoolEnrolmentSamples.ValidFields()) { ["school"] = "ecole-des-remparts", ["postalCode"] = "30400", ["city"] = "Villeneuve-sur-Gard" },
            [],
            ["proofOfAddress"],
            ["Commune de Villeneuve-sur-Gard", "École des Remparts", "Luc Girard", "Fait à Villeneuve-sur-Gard"],
            [("postalCode", "30000")],
            ["postalCode"]),
    ];

    private ValidationResult Validate(ProcedureDefinition procedure, Sample sample, Dictionary<string, string> fields) =>
        validator.Validate(
            procedure,
            new RawSubmission(fields, [.. sample.FileFields.Select(field => new UploadedFile(field, "piece.pdf", Pdf))]) { Repeated = sample.Repeated },
            TestCatalogue.PostalCodes(procedure));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Certificate_ValidSample_ShowsCommuneAndValues(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var procedure = TestCatalogue.Shipped.Find(sample.ProcedureId)!;
        var result = Validate(procedure, sample, sample.Fields);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(error => $"{error.Field}: {error.Message.En}")));

        var record = ApplicationRepository.NewRecord($"{procedure.ReferencePrefix}-2026-ABCDEF", procedure.Id, "fr", new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), "x@example.org", result.Values, []);
        var application = new LoadedApplication(record, procedure, TestCatalogue.Shipped.CommuneOf(procedure));
        var composer = new CertificateComposer(Options.Create(new PublicUrlOptions()));
        var pdf = new CertificateRenderer().Render(composer.Compose(application, "AT-2026-ABCDEFGHJK", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));

        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
        Assert.All(sample.CertificateMustShow, expected => Assert.Contains(expected, text, StringComparison.Ordinal));
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("x@example.org", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Validate_BrokenSample_ReportsTheExpectedFields(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var procedure = TestCatalogue.Shipped.Find(sample.ProcedureId)!;
        var fields = new Dictionary<string, string>(sample.Fields);
        foreach (var (field, value) in sample.Breakage)
        {
            fields[field] = value;
        }

        var errors = Validate(procedure, sample, fields).Errors;

        Assert.Equal(sample.ExpectedErrorFields.Order(), errors.Select(error => error.Field).Distinct().Order());
    }
}
