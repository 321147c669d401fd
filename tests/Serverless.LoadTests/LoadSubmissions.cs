using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Serverless.FaultHarness.Product;

namespace Serverless.LoadTests;

/// <summary>
/// One application submitted as a citizen's browser does (the harness's form, one attachment): its submission instant
/// recorded under its reference, or why it was not accepted. The burst and steady runs submit the same way.
/// </summary>
internal static class LoadSubmissions
{
    public static async Task SubmitOneAsync(HttpClient api, string runId, int index, ConcurrentDictionary<string, DateTimeOffset> submittedAt, ConcurrentBag<string> problems, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        try
        {
            using var form = ApplicationForm.SchoolEnrolment.Create($"parent.{runId}.{index}@example.org", index);
            using var response = await api.PostAsync(ApplicationForm.SchoolEnrolment.SubmitPath, form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var json = JsonDocument.Parse(body);
                submittedAt[json.RootElement.GetProperty("reference").GetString()!] = at;
            }
            else
            {
                problems.Add($"submission {index}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            problems.Add($"submission {index}: {exception.GetType().Name}");
        }
    }
}
