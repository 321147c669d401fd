using Serverless.Core.Applications;
using Serverless.Core.Submission;

namespace Serverless.Core.Tests;

internal static class SchoolEnrolmentSamples
{
    public static readonly byte[] Pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n"u8.ToArray();

    public static Dictionary<string, string> ValidFields() => new()
    {
        ["childFirstName"] = "Léa",
        ["childLastName"] = "Martin",
        ["childBirthDate"] = "2020-05-04",
        ["schoolYear"] = "2027-2028",
        ["school"] = "ecole-jules-ferry",
        ["parentName"] = "Claire Martin",
        ["parentEmail"] = "claire.martin@example.org",
        ["parentPhone"] = "06 12 34 56 78",
        ["addressLine"] = "3 rue des Lilas",
        ["postalCode"] = "30000",
        ["city"] = "Saint-Exemple",
    };

    public static RawSubmission Submission(Dictionary<string, string>? fields = null, params UploadedFile[] files) =>
        new(fields ?? ValidFields(), files.Length == 0 ? [new UploadedFile("proofOfAddress", "justificatif.pdf", Pdf)] : files);
}
