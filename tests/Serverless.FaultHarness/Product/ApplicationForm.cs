using System.Globalization;
using System.Net.Http.Headers;

namespace Serverless.FaultHarness.Product;

/// <summary>
/// A procedure's form as a citizen's browser posts it (multipart, with a proof file when it asks one): where it goes,
/// and its fields for the n-th citizen. School enrolment for most scenarios; the emergency aid (which goes through the
/// visa and signature circuit) for circuit-crash; the market stall (a test procedure paid before review) for payment.
/// </summary>
public sealed record ApplicationForm(string SubmitPath, IReadOnlyDictionary<string, string> CommonFields, Func<string, int, IReadOnlyDictionary<string, string>> PersonFields, string? FileField, string? FileName)
{
    private static readonly byte[] ProofPdf = "%PDF-1.4\n% justificatif (harnais de pannes)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static ApplicationForm SchoolEnrolment { get; } = new(
        "/api/procedures/school-enrolment/applications",
        new Dictionary<string, string>
        {
            ["childFirstName"] = "Léa",
            ["childBirthDate"] = "2020-05-04",
            ["school"] = "ecole-jules-ferry",
            ["parentName"] = "Claire Martin",
            ["parentPhone"] = "06 12 34 56 78",
            ["addressLine"] = "3 rue des Lilas",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
        },
        (email, index) =>
        {
            var now = DateTime.UtcNow;
            var year = now.Month >= 9 ? now.Year : now.Year - 1;
            return new Dictionary<string, string>
            {
                ["childLastName"] = string.Create(CultureInfo.InvariantCulture, $"Panne{index}"),
                ["schoolYear"] = string.Create(CultureInfo.InvariantCulture, $"{year}-{year + 1}"),
                ["parentEmail"] = email,
            };
        },
        "proofOfAddress",
        "justificatif-domicile.pdf");

    /// <summary>The CCAS's emergency aid: its catalogue entry sends the approved decision through the signature circuit.</summary>
    public static ApplicationForm EmergencyAid { get; } = new(
        "/api/procedures/social-aid-request/applications",
        new Dictionary<string, string>
        {
            ["applicantFirstName"] = "Ysoline",
            ["birthDate"] = "1980-03-14",
            ["phone"] = "06 12 34 56 78",
            ["addressLine"] = "8 impasse des Tilleuls",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
            ["householdSize"] = "3",
            ["monthlyIncome"] = "950",
            ["aidType"] = "secours-exceptionnel",
            ["situation"] = "Incendie du logement.",
        },
        (email, index) => new Dictionary<string, string>
        {
            ["applicantLastName"] = string.Create(CultureInfo.InvariantCulture, $"Panne{index}"),
            ["email"] = email,
        },
        "incomeProofs",
        "avis-imposition.pdf");

    /// <summary>
    /// The fixture procedure <c>market-stall-permit</c> (tests/fixtures/catalogue): a stall fee of 12 or 24 euros paid
    /// through PayFiP before review, within one day, to the Val-Témoin's régie; no file.
    /// </summary>
    public static ApplicationForm MarketStall { get; } = new(
        "/api/procedures/market-stall-permit/applications",
        new Dictionary<string, string>(),
        (email, index) => new Dictionary<string, string>
        {
            ["traderName"] = string.Create(CultureInfo.InvariantCulture, $"Commerçant Panne{index}"),
            ["contactEmail"] = email,
            ["stall"] = index % 2 == 0 ? "petit" : "grand",
        },
        null,
        null);

    public MultipartFormDataContent Create(string email, int index)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in CommonFields.Concat(PersonFields(email, index)))
        {
            content.Add(new StringContent(value), name);
        }

        if (FileField is not null)
        {
            var file = new ByteArrayContent(ProofPdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, FileField, FileName ?? "justificatif.pdf");
        }

        return content;
    }
}
