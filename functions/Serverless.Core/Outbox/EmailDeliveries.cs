using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Outbox;

/// <summary>
/// "Send the outbox row <paramref name="RowKey"/> of application <paramref name="Reference"/>", then the rows of
/// <paramref name="Then"/> (the other e-mails of the same step, so a step that queues several sends one message): the
/// queue message, with the trace context of the step that queued it, so the e-mail's spans stay in the application's
/// trace. A message of before (one row, no <c>then</c>) reads the same.
/// </summary>
public sealed record EmailDelivery(string Reference, string RowKey, string? TraceParent = null, IReadOnlyList<string>? Then = null)
{
    /// <summary>Each row of the message as a delivery of its own, in order.</summary>
    public IEnumerable<EmailDelivery> Rows() =>
        [this with { Then = null }, .. (Then ?? []).Select(rowKey => this with { RowKey = rowKey, Then = null })];

    /// <summary>One message for <paramref name="rowKeys"/> (at least one) of one application.</summary>
    public static EmailDelivery Of(string reference, IReadOnlyList<string> rowKeys, string? traceParent) =>
        new(reference, rowKeys[0], traceParent, rowKeys.Count > 1 ? [.. rowKeys.Skip(1)] : null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null when it is not one (dropped: it names no e-mail).</summary>
    public static EmailDelivery? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<EmailDelivery>(text, Json) is { Reference.Length: > 0, RowKey.Length: > 0 } delivery
                && (delivery.Then ?? []).All(rowKey => rowKey is { Length: > 0 })
                ? delivery
                : null;
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
