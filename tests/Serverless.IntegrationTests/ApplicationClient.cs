using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.IntegrationTests;

public sealed record Receipt(string Reference, string Status, string AccessCode, string StatusUrl);

public sealed record HistoryItem(string Action, string Label, DateTimeOffset At, string Actor);

public sealed record CertificateInfo(string Number, string DownloadUrl, string VerifyUrl, string Sha256);

public sealed record ChangeRequestInfo(string Message, IReadOnlyList<string> Fields, DateTimeOffset? AnswerDueAt, string CorrectionUrl);

public sealed record StatusBody(string Reference, string Status, string? DecisionReason, CertificateInfo? Certificate, IReadOnlyList<HistoryItem> History)
{
    public DateTimeOffset? DecisionDueAt { get; init; }

    public bool DeadlineSuspended { get; init; }

    public ChangeRequestInfo? ChangeRequest { get; init; }

    public string? WithdrawUrl { get; init; }

    public string? ReceiptUrl { get; init; }

    public string? ReceiptPdfUrl { get; init; }

    public string? DecisionStep { get; init; }

    public string? SignedDecisionUrl { get; init; }
}

/// <summary>What a citizen's browser or script does: post the form, read the status.</summary>
internal static class ApplicationClient
{
    public const string SubmitPath = "/api/procedures/school-enrolment/applications";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly byte[] ProofPdf = "%PDF-1.4\n% justificatif de domicile\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static Dictionary<string, string> Fields(string parentEmail, string childFirstName = "Léa") => new()
    {
        ["childFirstName"] = childFirstName,
        ["childLastName"] = "Martin-Lœvenbrück",
        ["childBirthDate"] = "2020-05-04",
        ["schoolYear"] = $"{DateTime.UtcNow.Year}-{DateTime.UtcNow.Year + 1}" is var year && DateTime.UtcNow.Month >= 9 ? year : $"{DateTime.UtcNow.Year - 1}-{DateTime.UtcNow.Year}",
        ["school"] = "ecole-jules-ferry",
        ["parentName"] = "Claire Martin",
        ["parentEmail"] = parentEmail,
        ["parentPhone"] = "06 12 34 56 78",
        ["addressLine"] = "3 rue des Lilas",
        ["postalCode"] = "30000",
        ["city"] = "Saint-Exemple",
    };

    public static MultipartFormDataContent Multipart(Dictionary<string, string> fields, byte[]? proof = null)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(proof ?? ProofPdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        content.Add(file, "proofOfAddress", "justificatif-domicile.pdf");
        return content;
    }

    public static async Task<Receipt> SubmitAsync(HttpClient client, HttpContent content, string path = SubmitPath)
    {
        using var response = await client.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var receipt = JsonSerializer.Deserialize<Receipt>(body, Json)!;
        Assert.Equal(receipt.StatusUrl, response.Headers.Location?.ToString());
        return receipt;
    }

    public static async Task<StatusBody> StatusAsync(HttpClient client, Receipt receipt) =>
        (await client.GetFromJsonAsync<StatusBody>(receipt.StatusUrl, Json))!;

    /// <summary>Polls the status until the condition holds (the workflow runs asynchronously).</summary>
    public static async Task<StatusBody> WaitForStatusAsync(HttpClient client, Receipt receipt, Func<StatusBody, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await StatusAsync(client, receipt);
            if (condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Status of {receipt.Reference} stayed {status.Status}: {string.Join(", ", status.History.Select(item => item.Action))}");
            await Task.Delay(250);
        }
    }

    public static string NewCitizenEmail() => $"parent.{Guid.NewGuid():N}@example.org";
}
