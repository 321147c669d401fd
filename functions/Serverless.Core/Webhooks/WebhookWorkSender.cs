using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Platform.Storage;

namespace Serverless.Core.Webhooks;

/// <summary>"Deliver what is due for this endpoint and this application": the queue message, and the key of the ordering.</summary>
public sealed record WebhookWork(string Commune, string Endpoint, string Reference)
{
    public string Serialize() => JsonSerializer.Serialize(this, WebhookPayload.Json);

    public static WebhookWork? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<WebhookWork>(text, WebhookPayload.Json) is { Commune.Length: > 0, Endpoint.Length: > 0, Reference.Length: > 0 } work ? work : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The Azure Storage queue that carries delivery work. A message's initial invisibility is the durable timer of a
/// retry (up to 7 days; the schedule's longest wait is 24 h), so no process has to stay up while a receiver is down.
/// </summary>
public sealed class WebhookWorkSender(StorageClients storage, IOptions<WebhookOptions> options)
{
    public async Task RequestAsync(WebhookWork work, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await storage.Queue(options.Value.QueueName).SendDueAsync(work.Serialize(), delay, cancellationToken);
    }
}
