using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.FaultHarness.Product;

/// <summary>One message as maildev received it over SMTP.</summary>
public sealed record ReceivedMail(string Id, DateTimeOffset Time, string Subject, IReadOnlyList<string> To, string Text, IReadOnlyDictionary<string, string> Headers, int AttachmentCount, int PdfCount)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? MessageId => Header("message-id");

    public bool HasPdf => PdfCount > 0;
}

/// <summary>A message in maildev's inbox list (no body).</summary>
public sealed record MailSummary(string Id, string Subject, IReadOnlyList<string> To);

/// <summary>maildev's REST API: the inbox list (cheap, for polling) and full messages (headers, text, attachments).</summary>
public sealed class MaildevClient(Uri webUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = webUrl, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The whole inbox as summaries: <c>/api/email/summary</c> is paged (200 at most a page), so every page is read.</summary>
    public async Task<IReadOnlyList<MailSummary>> SummariesAsync()
    {
        const int PageSize = 200;
        const int MaxPages = 100;
        var summaries = new List<MailSummary>();
        for (var page = 0; page < MaxPages; page++)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/email/summary?sort=asc&limit={PageSize}&skip={page * PageSize}")));
            var items = Items(json.RootElement);
            summaries.AddRange(items.Select(mail => new MailSummary(mail.GetProperty("id").GetString()!, mail.GetProperty("subject").GetString() ?? string.Empty, Addresses(mail, "to"))));
            var total = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("total", out var count) && count.TryGetInt32(out var value) ? value : summaries.Count;
            if (items.Count < PageSize || summaries.Count >= total)
            {
                break;
            }
        }

        return summaries;
    }

    public async Task<IReadOnlyList<ReceivedMail>> AllAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/email"));
        return [.. Items(json.RootElement).Select(Read)];
    }

    public async Task<ReceivedMail> GetAsync(string id)
    {
        var element = await http.GetFromJsonAsync<JsonElement>($"/api/email/{Uri.EscapeDataString(id)}");
        return Read(element);
    }

    public void Dispose() => http.Dispose();

    private static List<JsonElement> Items(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => [.. root.EnumerateArray()],
        // Some maildev versions page their lists: { "items": [...] }.
        JsonValueKind.Object when root.TryGetProperty("items", out var items) => [.. items.EnumerateArray()],
        JsonValueKind.Object when root.TryGetProperty("emails", out var emails) => [.. emails.EnumerateArray()],
        _ => [],
    };

    private static ReceivedMail Read(JsonElement mail)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (mail.TryGetProperty("headers", out var raw) && raw.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in raw.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind switch
                {
                    JsonValueKind.String => header.Value.GetString()!,
                    JsonValueKind.Array => string.Join(", ", header.Value.EnumerateArray().Select(item => item.ToString())),
                    _ => header.Value.ToString(),
                };
            }
        }

        var attachments = mail.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        var pdfCount = attachments.Count(attachment =>
            (attachment.TryGetProperty("contentType", out var type) && type.GetString() == "application/pdf")
            || (attachment.TryGetProperty("fileName", out var name) && name.GetString()?.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) == true));
        var time = mail.TryGetProperty("time", out var at) && at.TryGetDateTimeOffset(out var parsed) ? parsed : DateTimeOffset.MinValue;
        return new ReceivedMail(
            mail.GetProperty("id").GetString()!,
            time,
            mail.TryGetProperty("subject", out var subject) ? subject.GetString() ?? string.Empty : string.Empty,
            Addresses(mail, "to"),
            mail.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty,
            headers,
            attachments.Count,
            pdfCount);
    }

    private static List<string> Addresses(JsonElement mail, string property) =>
        mail.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(address => address.TryGetProperty("address", out var value) ? value.GetString() ?? string.Empty : address.ToString())]
            : [];
}
