using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Usage;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Outbox;

/// <summary>
/// Sends each message of an application once. A row keyed by (reference, step, recipient) is inserted before the
/// message is handed to the relay and marked sent once the relay accepted it; a step that runs again finds the mark
/// and sends nothing. One window remains: the relay accepted the message and the process died before the mark was
/// written. The retry then sends it again with the same Message-Id (derived from the same key), which mail clients
/// and the fault harness recognise as the same message.
/// Two ways in: <see cref="SendOnceAsync"/> sends from the calling step (version 1 and 2 of the workflow, the HTTP
/// handlers); <see cref="QueueOnceAsync"/> records the message and leaves the sending to <see cref="EmailDispatcher"/>,
/// so the step does not wait for the relay (version 3). The rows themselves are <see cref="OutboxRows"/>'s.
/// </summary>
public sealed class EmailOutbox(StorageClients storage, EmailSender sender, BlobFiles files, EmailDeliveries deliveries, UsageMeter usage, TimeProvider clock, ApplicationRepository applications)
{
    public const string ReferenceHeader = EmailHeaders.Reference;
    public const string StepHeader = EmailHeaders.Step;

    private readonly OutboxRows rows = new(storage, applications);

    /// <summary>The row of one message: the step and the recipient's fingerprint.</summary>
    public static string RowKey(string step, string to) => $"{step}|{RecipientOf(to)}";

    /// <summary>The row of one message where the key's layout keeps it: <c>outbox|{step}|{recipient}</c> in an application's partition.</summary>
    private async ValueTask<string> RowKeyAsync(string reference, string step, string to, CancellationToken cancellationToken) =>
        await rows.InPartitionAsync(reference, cancellationToken) ? OutboxRows.Kind + RowKey(step, to) : RowKey(step, to);

    /// <summary>
    /// A queued message's row for a step's transaction (an application of the partition layout, decision 0012): the
    /// row, pending, with its content when it fits, else its content uploaded now to a blob (first writer wins, so a
    /// transaction that fails leaves at most a blob that the step's retry or the erasure finds). The step commits the
    /// row with its status change and audit entry, then calls <see cref="RequestDeliveriesAsync"/>.
    /// </summary>
    public async Task<TableEntity> PrepareQueuedAsync(string reference, string step, EmailMessage message, AuditOnSend? onSend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rowKey = OutboxRows.Kind + RowKey(step, message.To);
        var row = OutboxRows.NewRow(reference, rowKey, step, message, clock.GetUtcNow());
        var content = QueuedEmail.From(Stamp(reference, step, message)).Serialize();
        if (onSend is not null)
        {
            row["AuditStep"] = onSend.Step;
            row["AuditAction"] = onSend.Action.ToString();
            row["AuditDetail"] = onSend.Detail;
        }

        if (!OutboxRows.TryHoldContent(row, content))
        {
            await files.UploadIfAbsentAsync(StorageNames.OutboxMessagesContainer, QueuedEmail.BlobName(reference, rowKey), content, "application/json", cancellationToken);
        }

        return row;
    }

    /// <summary>
    /// After the commit of queued rows (or after finding them committed by an earlier run): one delivery message each.
    /// A row sent meanwhile makes its copy a no-op in the dispatcher, which claims a row before sending it.
    /// </summary>
    public async Task RequestDeliveriesAsync(IEnumerable<TableEntity> queued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        // One message per application: the e-mails of a step are sent in turn by one dispatcher run.
        foreach (var application in queued.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            var delivery = EmailDelivery.Of(application.Key, [.. application.Select(row => row.RowKey)], System.Diagnostics.Activity.Current?.Id);
            await deliveries.RequestAsync(delivery, TimeSpan.Zero, cancellationToken);
        }
    }

    /// <summary>
    /// Queued rows of one step that changes no status (partition layout): inserted together in one transaction (rows
    /// already there from an earlier run are left as they are), then their deliveries.
    /// </summary>
    public async Task QueueAllAsync(string reference, IReadOnlyList<TableEntity> queued, CancellationToken cancellationToken)
    {
        await applications.CommitAsync(reference, columns: null, Azure.ETag.All, records: [], queued, cancellationToken);
        await RequestDeliveriesAsync(queued, cancellationToken);
    }

    /// <summary>True when this call handed the message to the relay; false when it had been sent before.</summary>
    public async Task<bool> SendOnceAsync(string reference, string step, EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rowKey = await RowKeyAsync(reference, step, message.To, cancellationToken);
        if (await rows.AddOrFindAsync(OutboxRows.NewRow(reference, rowKey, step, message, clock.GetUtcNow()), cancellationToken) is { } existing && OutboxRows.IsSent(existing))
        {
            // Counted again on a retry (same key, so once): the first try may have died right after the mark.
            await usage.EmailSentAsync(reference, rowKey, OutboxRows.SentAtOf(existing) ?? clock.GetUtcNow(), cancellationToken);
            return false;
        }

        await sender.SendAsync(Stamp(reference, step, message), cancellationToken);
        await MarkSentAsync(reference, rowKey, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records the message for the dispatcher: its row (Pending) with its content when it fits (one conditional insert:
    /// the row and its content exist together or not at all), else its content in a blob (first writer wins), then a
    /// delivery message on the queue. A step that runs again finds the row: if it is still pending it sends another
    /// delivery message (harmless: the dispatcher claims the row before sending), so a step that died before the queue
    /// message went out cannot leave the e-mail unsent. <paramref name="onSend"/> is audited once the relay accepted it.
    /// </summary>
    public async Task QueueOnceAsync(string reference, string step, EmailMessage message, AuditOnSend? onSend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rowKey = await RowKeyAsync(reference, step, message.To, cancellationToken);
        var row = OutboxRows.NewRow(reference, rowKey, step, message, clock.GetUtcNow());
        var content = QueuedEmail.From(Stamp(reference, step, message)).Serialize();
        var inRow = OutboxRows.TryHoldContent(row, content);
        if (onSend is not null)
        {
            row["AuditStep"] = onSend.Step;
            row["AuditAction"] = onSend.Action.ToString();
            row["AuditDetail"] = onSend.Detail;
        }

        var existing = await rows.AddOrFindAsync(row, cancellationToken);
        if (existing is not null && OutboxRows.IsSent(existing))
        {
            return;
        }

        // Where the row already there says its content is (a row queued before the content moved into rows, or a
        // large one, whose step died before the upload): the blob, written if absent.
        if (existing is null ? !inRow : OutboxRows.ContentInBlob(existing))
        {
            await files.UploadIfAbsentAsync(StorageNames.OutboxMessagesContainer, QueuedEmail.BlobName(reference, rowKey), content, "application/json", cancellationToken);
        }

        await deliveries.RequestAsync(new EmailDelivery(reference, rowKey, System.Diagnostics.Activity.Current?.Id), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Marks the row sent and counts the e-mail.</summary>
    internal async Task MarkSentAsync(string reference, string rowKey, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        await rows.MarkSentAsync(reference, rowKey, sentAt, cancellationToken);
        await usage.EmailSentAsync(reference, rowKey, sentAt, cancellationToken);
    }

    /// <summary>Marks a queued row sent, dropping the content it held, and counts the e-mail (the dispatcher).</summary>
    internal async Task MarkSentAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        await rows.MarkSentDroppingContentAsync(row, sentAt, cancellationToken);
        await usage.EmailSentAsync(row.PartitionKey, row.RowKey, sentAt, cancellationToken);
    }

    /// <summary>
    /// A queued row of an application's partition accepted by the relay, whose sending is audited: the e-mail counted,
    /// then the mark "sent" (content dropped) and the audit row <paramref name="audited"/> in one transaction, so that
    /// neither is written without the other (one write instead of two). True when this call wrote the audit row; false
    /// when it was there already (a copy that was sent after its claim ran out): then only the mark is written.
    /// The caller appends the audit row's leaf.
    /// </summary>
    internal async Task<bool> MarkSentAsync(TableEntity row, TableEntity audited, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        // Counted first (deterministic key): a run that dies before the mark sends again and counts once.
        await usage.EmailSentAsync(row.PartitionKey, row.RowKey, sentAt, cancellationToken);
        var outcome = await applications.CommitAsync(row.PartitionKey, columns: null, Azure.ETag.All, records: [audited], outbox: [], cancellationToken, replaced: [OutboxRows.SentRow(row, sentAt)]);
        if (outcome == StepCommit.Committed)
        {
            return true;
        }

        await rows.MarkSentDroppingContentAsync(row, sentAt, cancellationToken);
        return false;
    }

    internal OutboxRows Rows => rows;

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
        await rows.DeleteAllAsync(reference, cancellationToken);
        await files.DeletePrefixAsync(StorageNames.OutboxMessagesContainer, reference + "/", cancellationToken);
    }

    /// <summary>The messages of an application, for the status of its notices (and tests).</summary>
    public Task<IReadOnlyList<(string Step, string Recipient, bool Sent)>> ListAsync(string reference, CancellationToken cancellationToken) =>
        rows.ListAsync(reference, cancellationToken);
}
