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
/// Two ways in: <see cref="SendOnceAsync"/> sends from the calling step (version 1 and 2 of the workflow, the HTTP
/// handlers); <see cref="QueueOnceAsync"/> records the message and leaves the sending to <see cref="EmailDispatcher"/>,
/// so the step does not wait for the relay (version 3).
/// </summary>
public sealed class EmailOutbox(StorageClients storage, EmailSender sender, BlobFiles files, EmailDeliveries deliveries, UsageMeter usage, TimeProvider clock)
{
    public const string ReferenceHeader = "X-Application-Reference";
    public const string StepHeader = "X-Outbox-Step";

    private readonly TableClient table = storage.Table(StorageNames.OutboxTable);

    /// <summary>The row of one message: the step and the recipient's fingerprint.</summary>
    public static string RowKey(string step, string to) => $"{step}|{RecipientOf(to)}";

    /// <summary>True when this call handed the message to the relay; false when it had been sent before.</summary>
    public async Task<bool> SendOnceAsync(string reference, string step, EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rowKey = RowKey(step, message.To);
        if (await AddOrFindAsync(NewRow(reference, step, message), cancellationToken) is { } existing && existing.GetString("State") == "Sent")
        {
            // Counted again on a retry (same key, so once): the first try may have died right after the mark.
            await usage.EmailSentAsync(reference, rowKey, existing.GetDateTimeOffset("SentAt") ?? clock.GetUtcNow(), cancellationToken);
            return false;
        }

        await sender.SendAsync(Stamp(reference, step, message), cancellationToken);
        await MarkSentAsync(reference, rowKey, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records the message for the dispatcher: its row (Pending), its content (first writer wins), then a delivery
    /// message on the queue. A step that runs again finds the row: if it is still pending it sends another delivery
    /// message (harmless: the dispatcher claims the row before sending), so a step that died before the queue message
    /// went out cannot leave the e-mail unsent. <paramref name="onSend"/> is audited once the relay accepted it.
    /// </summary>
    public async Task QueueOnceAsync(string reference, string step, EmailMessage message, AuditOnSend? onSend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rowKey = RowKey(step, message.To);
        var row = NewRow(reference, step, message);
        if (onSend is not null)
        {
            row["AuditStep"] = onSend.Step;
            row["AuditAction"] = onSend.Action.ToString();
            row["AuditDetail"] = onSend.Detail;
        }

        if (await AddOrFindAsync(row, cancellationToken) is { } existing && existing.GetString("State") == "Sent")
        {
            return;
        }

        await files.UploadIfAbsentAsync(
            StorageNames.OutboxMessagesContainer,
            QueuedEmail.BlobName(reference, rowKey),
            QueuedEmail.From(Stamp(reference, step, message)).Serialize(),
            "application/json",
            cancellationToken);
        await deliveries.RequestAsync(new EmailDelivery(reference, rowKey, System.Diagnostics.Activity.Current?.Id), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Marks the row sent and counts the e-mail.</summary>
    internal async Task MarkSentAsync(string reference, string rowKey, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        await table.UpdateEntityAsync(
            new TableEntity(reference, rowKey) { ["State"] = "Sent", ["SentAt"] = sentAt },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);
        await usage.EmailSentAsync(reference, rowKey, sentAt, cancellationToken);
    }

    internal TableClient Rows => table;

    private TableEntity NewRow(string reference, string step, EmailMessage message) => new(reference, RowKey(step, message.To))
    {
        ["Step"] = step,
        ["Recipient"] = message.To,
        ["Subject"] = message.Subject,
        ["State"] = "Pending",
        ["CreatedAt"] = clock.GetUtcNow(),
    };

    /// <summary>Inserts the row (conditional insert); null when this call wrote it, else the row already there.</summary>
    private async Task<TableEntity?> AddOrFindAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (await table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, select: ["State", "SentAt"], cancellationToken: cancellationToken)).Value;
        }
    }

    private static string RecipientOf(string to) => Fingerprint.Of(to.Trim().ToLowerInvariant());

    /// <summary>The Message-Id and headers that name the message for ever: the same on every try.</summary>
    private static EmailMessage Stamp(string reference, string step, EmailMessage message) => message with
    {
        MessageIdLocalPart = $"{step}.{reference}.{RecipientOf(message.To)}",
        Headers = new Dictionary<string, string>(message.Headers) { [ReferenceHeader] = reference, [StepHeader] = step },
    };

    /// <summary>RGPD erasure: the rows of an application name its recipients; once it is erased nothing is sent for it again.</summary>
    public async Task ForgetAsync(string reference, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(reference, row.RowKey, ETag.All, cancellationToken);
        }

        await files.DeletePrefixAsync(StorageNames.OutboxMessagesContainer, reference + "/", cancellationToken);
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
