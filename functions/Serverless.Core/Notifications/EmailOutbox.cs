using Azure;
using Azure.Data.Tables;
using Serverless.Core.Storage;
using Serverless.Core.Usage;

namespace Serverless.Core.Notifications;

/// <summary>
/// Sends each message of an application once. A row keyed by (reference, step, recipient) is inserted before the
/// message is handed to the relay and marked sent once the relay accepted it; a step that runs again finds the mark
/// and sends nothing. One window remains: the relay accepted the message and the process died before the mark was
/// written. The retry then sends it again with the same Message-Id (derived from the same key), which mail clients
/// and the fault harness recognise as the same message.
/// </summary>
public sealed class EmailOutbox(StorageClients storage, EmailSender sender, UsageMeter usage, TimeProvider clock)
{
    public const string ReferenceHeader = "X-Application-Reference";
    public const string StepHeader = "X-Outbox-Step";

    private readonly TableClient table = storage.Table(StorageNames.OutboxTable);

    /// <summary>True when this call handed the message to the relay; false when it had been sent before.</summary>
    public async Task<bool> SendOnceAsync(string reference, string step, EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipient = Fingerprint.Of(message.To.Trim().ToLowerInvariant());
        var rowKey = $"{step}|{recipient}";
        try
        {
            await table.AddEntityAsync(
                new TableEntity(reference, rowKey)
                {
                    ["Step"] = step,
                    ["Recipient"] = message.To,
                    ["Subject"] = message.Subject,
                    ["State"] = "Pending",
                    ["CreatedAt"] = clock.GetUtcNow(),
                },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(reference, rowKey, select: ["State", "SentAt"], cancellationToken: cancellationToken);
            if (existing.Value.GetString("State") == "Sent")
            {
                // Counted again on a retry (same key, so once): the first try may have died right after the mark.
                await usage.EmailSentAsync(reference, rowKey, existing.Value.GetDateTimeOffset("SentAt") ?? clock.GetUtcNow(), cancellationToken);
                return false;
            }
        }

        await sender.SendAsync(
            message with
            {
                MessageIdLocalPart = $"{step}.{reference}.{recipient}",
                Headers = new Dictionary<string, string>(message.Headers) { [ReferenceHeader] = reference, [StepHeader] = step },
            },
            cancellationToken);
        var sentAt = clock.GetUtcNow();
        await table.UpdateEntityAsync(
            new TableEntity(reference, rowKey) { ["State"] = "Sent", ["SentAt"] = sentAt },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);
        await usage.EmailSentAsync(reference, rowKey, sentAt, cancellationToken);
        return true;
    }

    /// <summary>RGPD erasure: the rows of an application name its recipients; once it is erased nothing is sent for it again.</summary>
    public async Task ForgetAsync(string reference, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(reference, row.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>The messages of an application, for the status of its notices (and tests).</summary>
    public async Task<IReadOnlyList<(string Step, string Recipient, bool Sent)>> ListAsync(string reference, CancellationToken cancellationToken)
    {
        var messages = new List<(string, string, bool)>();
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
        {
            messages.Add((row.GetString("Step"), row.GetString("Recipient"), row.GetString("State") == "Sent"));
        }

        return messages;
    }
}
