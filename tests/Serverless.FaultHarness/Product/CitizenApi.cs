using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Serverless.FaultHarness.Product;

/// <summary>What the product answered to one submission attempt (status 0: no HTTP answer at all).</summary>
public sealed record SubmissionAttempt(DateTimeOffset At, int StatusCode, bool HasBody, string? RetryAfter, string? Reference, string? AccessCode, string? StatusUrl, string? Error)
{
    public bool Accepted => StatusCode == (int)HttpStatusCode.Accepted && StatusUrl is not null;
}

/// <summary>What the citizen's status page said (JSON): the status, the certificate, whether its history says the citizen was told the outcome, and any incident.</summary>
public sealed record StatusSnapshot(string Status, string? CertificateNumber, bool CitizenNotified = false, string? IncidentStep = null)
{
    /// <summary>The decision is taken and the workflow's last step (the citizen's notice) is done.</summary>
    public bool IsFinal => CitizenNotified && IncidentStep is null && Status switch
    {
        "Approved" => CertificateNumber is not null,
        "Rejected" or "Withdrawn" or "Abandoned" => true,
        _ => false,
    };
}

/// <summary>The citizen's side of the JSON API: submit the form, read the status.</summary>
public sealed class CitizenApi(Uri baseAddress, ApplicationForm form) : IDisposable
{
    private readonly HttpClient http = CreateClient(baseAddress);

    public async Task<SubmissionAttempt> SubmitAsync(string parentEmail, int index, string idempotencyKey)
    {
        var at = DateTimeOffset.UtcNow;
        using var content = form.Create(parentEmail, index);
        using var request = new HttpRequestMessage(HttpMethod.Post, form.SubmitPath) { Content = content };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var retryAfter = response.Headers.RetryAfter?.ToString();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return new SubmissionAttempt(at, (int)response.StatusCode, body.Length > 0, retryAfter, null, null, null, Truncate(body));
            }

            using var json = JsonDocument.Parse(body);
            return new SubmissionAttempt(
                at,
                (int)response.StatusCode,
                HasBody: true,
                retryAfter,
                json.RootElement.GetProperty("reference").GetString(),
                json.RootElement.GetProperty("accessCode").GetString(),
                json.RootElement.GetProperty("statusUrl").GetString(),
                null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return new SubmissionAttempt(at, 0, false, null, null, null, null, exception.GetType().Name + ": " + exception.Message);
        }
    }

    /// <summary>The status page, or null when the product did not answer with a readable status.</summary>
    public async Task<StatusSnapshot?> StatusAsync(string statusUrl)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(statusUrl, UriKind.RelativeOrAbsolute));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var status = json.RootElement.GetProperty("status").GetString() ?? "?";
            string? number = null;
            if (json.RootElement.TryGetProperty("certificate", out var certificate) && certificate.ValueKind == JsonValueKind.Object
                && certificate.TryGetProperty("number", out var value))
            {
                number = value.GetString();
            }

            var notified = json.RootElement.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array
                && history.EnumerateArray().Any(entry => entry.TryGetProperty("action", out var action) && action.GetString() == "CitizenNotified");
            var incident = json.RootElement.TryGetProperty("incident", out var held) && held.ValueKind == JsonValueKind.Object && held.TryGetProperty("step", out var step)
                ? step.GetString()
                : null;
            return new StatusSnapshot(status, number, notified, incident);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpClient CreateClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
