using System.Globalization;
using System.Net.Http.Headers;

namespace Serverless.FaultHarness.Product;

/// <summary>The school-enrolment form as a parent's browser posts it (multipart, with a proof of address).</summary>
public static class ApplicationForm
{
    public const string SubmitPath = "/api/procedures/school-enrolment/applications";

    private static readonly byte[] ProofPdf = "%PDF-1.4\n% justificatif de domicile (harnais de pannes)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static MultipartFormDataContent Create(string parentEmail, int index)
    {
        var now = DateTime.UtcNow;
        var year = now.Month >= 9 ? now.Year : now.Year - 1;
        var fields = new Dictionary<string, string>
        {
            ["childFirstName"] = "Léa",
            ["childLastName"] = string.Create(CultureInfo.InvariantCulture, $"Panne{index}"),
            ["childBirthDate"] = "2020-05-04",
            ["schoolYear"] = string.Create(CultureInfo.InvariantCulture, $"{year}-{year + 1}"),
            ["school"] = "ecole-jules-ferry",
            ["parentName"] = "Claire Martin",
            ["parentEmail"] = parentEmail,
            ["parentPhone"] = "06 12 34 56 78",
            ["addressLine"] = "3 rue des Lilas",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
        };
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(ProofPdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "proofOfAddress", "justificatif-domicile.pdf");
        return content;
    }
}
