using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Serverless.IntegrationTests;

public sealed record MailAddress(string Address);

public sealed record MailAttachment(string GeneratedFileName, string ContentType);

public sealed record Mail(string Id, string Subject, IReadOnlyList<MailAddress> From, IReadOnlyList<MailAddress> To, string Text, string Html, IReadOnlyList<MailAttachment>? Attachments)
{
    /// <summary>The headers as maildev reports them (names in lower case).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Headers { get; init; }

    public string MessageId => Headers?.GetValueOrDefault("message-id").ToString() ?? string.Empty;

    /// <summary>The URL after "label : " in the plain-text body (how EmailLayout writes buttons).</summary>
    public string Link(string label)
    {
        var match = Regex.Match(Text, Regex.Escape(label) + @" : (\S+)");
        Assert.True(match.Success, $"No link '{label}' in the e-mail '{Subject}':\n{Text}");
        return match.Groups[1].Value;
    }
}

/// <summary>The maildev inbox, read through its REST API: the e-mails the product really sent over SMTP.</summary>
public sealed class Mailbox(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl };

    public async Task<IReadOnlyList<Mail>> AllAsync() =>
        await http.GetFromJsonAsync<List<Mail>>("/api/email") ?? [];

    public async Task<Mail> WaitForAsync(string recipient, string subjectContains, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var mail = (await AllAsync()).FirstOrDefault(candidate =>
                candidate.To.Any(to => string.Equals(to.Address, recipient, StringComparison.OrdinalIgnoreCase))
                && candidate.Subject.Contains(subjectContains, StringComparison.Ordinal));
            if (mail is not null)
            {
                return mail;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No e-mail to {recipient} with '{subjectContains}' arrived in time.");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> matching e-mails arrived; returns them oldest first.</summary>
    public async Task<IReadOnlyList<Mail>> WaitForCountAsync(string recipient, string subjectContains, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var mails = await ToAsync(recipient, subjectContains);
            if (mails.Count >= count)
            {
                return mails;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Only {mails.Count} of {count} e-mails to {recipient} with '{subjectContains}' arrived in time.");
            await Task.Delay(250);
        }
    }

    public async Task<IReadOnlyList<Mail>> ToAsync(string recipient, string subjectContains) =>
        [.. (await AllAsync()).Where(mail => mail.To.Any(to => string.Equals(to.Address, recipient, StringComparison.OrdinalIgnoreCase)) && mail.Subject.Contains(subjectContains, StringComparison.Ordinal))];

    public Task<byte[]> AttachmentAsync(Mail mail, MailAttachment attachment) =>
        http.GetByteArrayAsync($"/api/email/{mail.Id}/attachment/{attachment.GeneratedFileName}");

    public void Dispose() => http.Dispose();
}
