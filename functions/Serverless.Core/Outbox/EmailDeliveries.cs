using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Outbox;

/// <summary>
/// "Send the outbox row <paramref name="RowKey"/> of application <paramref name="Reference"/>": the queue message, with
/// the trace context of the step that queued it, so the e-mail's spans stay in the application's trace.
/// </summary>
public sealed record EmailDelivery(string Reference, string RowKey, string? TraceParent = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null when it is not one (dropped: it names no e-mail).</summary>
    public static EmailDelivery? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<EmailDelivery>(text, Json) is { Reference.Length: > 0, RowKey.Length: > 0 } delivery ? delivery : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The queue of e-mails to send. A message's initial invisibility is the timer of the next attempt while the relay
/// refuses, so no process has to stay up to retry; messages never expire.
/// </summary>
public sealed class EmailDeliveries(StorageClients storage, IOptions<SmtpOptions> options)
{
    public async Task RequestAsync(EmailDelivery delivery, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await storage.Queue(options.Value.DeliveryQueueName).SendDueAsync(delivery.Serialize(), delay, cancellationToken);
    }
}
