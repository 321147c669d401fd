using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Outbox;

/// <summary>
/// The one owner of the <c>Outbox</c> table (issue 25: one owner per table): every read and write of an outbox row goes
/// through here, with its column names and states, so that <see cref="EmailOutbox"/>, <see cref="EmailDispatcher"/> and
/// <see cref="NoticeDelays"/> share one vocabulary. A row is keyed by (reference, step|recipient fingerprint), inserted
/// once (conditional insert), claimed with its ETag, marked sent.
/// A queued e-mail's content travels in its row when it fits (<see cref="MaxInlineBytes"/>, split over binary
/// properties of 64,000 bytes, under the table's limit of 64 KiB per property): one insert instead of a row plus a blob upload,
/// download and delete, and the content is written in the same atomic operation as the row that claims the e-mail.
/// The mark "sent" replaces the row without its content, so a sent e-mail's text is kept no longer than before (when
/// the blob was deleted). Larger e-mails, and rows queued before the content moved here, keep their blob.
/// </summary>
public sealed class OutboxRows(StorageClients storage, ApplicationRepository applications)
{
    /// <summary>
    /// The outbox rows' kind in an application's partition (decision 0012): row key <c>outbox|{step}|{recipient}</c>.
    /// A row key with this prefix is in the <c>Applications</c> table, any other in the <c>Outbox</c> table (drafts,
    /// sign-in links, applications of before): every operation on one row goes where its key says.
    /// </summary>
    public const string Kind = "outbox|";

    public const string Pending = "Pending";
    public const string Sent = "Sent";

    /// <summary>
    /// 4 parts of 64,000 bytes (256,000 bytes): far under the 1 MiB an entity may hold with its other columns, and
    /// room for the certificate e-mail (its PDF, about 36 KB, base64-encoded in the JSON) with its text.
    /// </summary>
    public const int MaxInlineBytes = MaxParts * PartBytes;

    private const int PartBytes = 64_000;
    private const int MaxParts = 4;
    private const string State = "State";
    private const string SentAt = "SentAt";
    private const string MessageParts = "MessageParts";
    private const string MessagePart = "MessagePart";

    private readonly TableClient table = storage.Table(StorageNames.OutboxTable);
    private readonly ApplicationRows partition = applications.Rows(Kind);

    /// <summary>True when the row key is of an application's partition (the dispatcher finds the row from its key alone).</summary>
    public static bool InPartition(string rowKey) => rowKey?.StartsWith(Kind, StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="reference"/>'s outbox rows go in its partition (an application of layout 2).</summary>
    public ValueTask<bool> InPartitionAsync(string reference, CancellationToken cancellationToken) =>
        applications.InPartitionAsync(reference, cancellationToken);

    private Task<Response> UpdateAsync(TableEntity row, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken) =>
        InPartition(row.RowKey) ? partition.UpdateAsync(row, ifMatch, mode, cancellationToken) : table.UpdateEntityAsync(row, ifMatch, mode, cancellationToken);

    /// <summary>The application's rows, where its layout keeps them.</summary>
    private async IAsyncEnumerable<TableEntity> RowsOfAsync(string reference, IEnumerable<string>? select, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = await applications.InPartitionAsync(reference, cancellationToken)
            ? partition.QueryAsync(reference, select, cancellationToken)
            : table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, select: select, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            yield return row;
        }
    }

    /// <summary>A new pending row of one message.</summary>
    public static TableEntity NewRow(string reference, string rowKey, string step, EmailMessage message, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new TableEntity(reference, rowKey)
        {
            ["Step"] = step,
            ["Recipient"] = message.To,
            ["Subject"] = message.Subject,
            [State] = Pending,
            ["CreatedAt"] = createdAt,
        };
    }

    /// <summary>Puts the message's content in the row when it fits; false when it must go to a blob.</summary>
    public static bool TryHoldContent(TableEntity row, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxInlineBytes)
        {
            row[MessageParts] = 0;
            return false;
        }

        var parts = 0;
        for (var offset = 0; offset < content.Length || parts == 0; offset += PartBytes)
        {
            row[MessagePart + parts++] = content.AsSpan(offset, Math.Min(PartBytes, content.Length - offset)).ToArray();
        }

        row[MessageParts] = parts;
        return true;
    }

    /// <summary>The content held in the row, or null when it is in a blob (large, or queued before it moved here).</summary>
    public static byte[]? HeldContent(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.GetInt32(MessageParts) is not ({ } parts and > 0))
        {
            return null;
        }

        using var content = new MemoryStream();
        for (var part = 0; part < parts; part++)
        {
            content.Write(row.GetBinary(MessagePart + part) ?? throw new InvalidDataException($"Outbox row {row.PartitionKey}/{row.RowKey} misses part {part} of its message."));
        }

        return content.ToArray();
    }

    /// <summary>True when the content is (or was, before the row was marked sent) in a blob.</summary>
    public static bool ContentInBlob(TableEntity row) => row?.GetInt32(MessageParts) is null or 0;

    public static bool IsSent(TableEntity row) => row?.GetString(State) == Sent;

    public static DateTimeOffset? SentAtOf(TableEntity row) => row?.GetDateTimeOffset(SentAt);

    /// <summary>Inserts the row (conditional insert); null when this call wrote it, else the row already there (its state and where its content is).</summary>
    public async Task<TableEntity?> AddOrFindAsync(TableEntity row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            await (InPartition(row.RowKey) ? partition.AddAsync(row, cancellationToken) : table.AddEntityAsync(row, cancellationToken));
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return InPartition(row.RowKey)
                ? await partition.FindAsync(row.PartitionKey, row.RowKey, [State, SentAt, MessageParts], cancellationToken)
                : (await table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, select: [State, SentAt, MessageParts], cancellationToken: cancellationToken)).Value;
        }
    }

    /// <summary>The whole row (content included), or null when it is gone (erased with its application).</summary>
    public async Task<TableEntity?> FindAsync(string reference, string rowKey, CancellationToken cancellationToken)
    {
        if (InPartition(rowKey))
        {
            return await partition.FindAsync(reference, rowKey, select: null, cancellationToken);
        }

        var found = await table.GetEntityIfExistsAsync<TableEntity>(reference, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The rows of one application's partition, found together (a delivery of several e-mails of one step).</summary>
    public Task<Dictionary<string, TableEntity>> FindAllInPartitionAsync(string reference, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken) =>
        partition.FindAllAsync(reference, rowKeys, cancellationToken);

    /// <summary>
    /// Claims rows of one application's partition together, each until its own instant and with its own ETag, in one
    /// transaction; the new ETags, or null when another copy changed one of them first (then none is claimed).
    /// </summary>
    public async Task<IReadOnlyList<ETag>?> ClaimAllAsync(IReadOnlyList<(TableEntity Row, DateTimeOffset Until)> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var etags = await partition.MergeAllIfUnchangedAsync(
            [.. claims.Select(claim => (new TableEntity(claim.Row.PartitionKey, claim.Row.RowKey) { ["ClaimedUntil"] = claim.Until }, claim.Row.ETag))],
            cancellationToken);
        if (etags is not null)
        {
            foreach (var (row, until) in claims)
            {
                row["ClaimedUntil"] = until;
            }
        }

        return etags;
    }

    /// <summary>Claims the row until <paramref name="until"/> with its ETag; null when another copy changed it first.</summary>
    public async Task<ETag?> ClaimAsync(TableEntity row, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            var response = await UpdateAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["ClaimedUntil"] = until }, row.ETag, TableUpdateMode.Merge, cancellationToken);
            row["ClaimedUntil"] = until;
            return response.Headers.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Marks a row sent (a message sent from the calling step, whose row holds no content).</summary>
    public Task MarkSentAsync(string reference, string rowKey, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        UpdateAsync(new TableEntity(reference, rowKey) { [State] = Sent, [SentAt] = sentAt }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// Marks a queued row sent and drops the content it held, in one replace of the row as the dispatcher read it
    /// (its other columns kept). Unconditional, as the merge it replaces: the claimant is the only writer meanwhile.
    /// </summary>
    public Task MarkSentDroppingContentAsync(TableEntity row, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        UpdateAsync(SentRow(row, sentAt), ETag.All, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The row as <see cref="MarkSentDroppingContentAsync"/> writes it (sent, without its content), for a step's transaction.</summary>
    public static TableEntity SentRow(TableEntity row, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(row);
        var kept = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || (name.StartsWith(MessagePart, StringComparison.Ordinal) && name != MessageParts))
            {
                continue;
            }

            kept[name] = value;
        }

        kept[State] = Sent;
        kept[SentAt] = sentAt;
        return kept;
    }

    /// <summary>The relay refused: the attempt count, when the next is due, why, and the claim released.</summary>
    public Task RecordRefusalAsync(TableEntity row, ETag claim, int attempts, DateTimeOffset nextAttemptAt, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return UpdateAsync(
            new TableEntity(row.PartitionKey, row.RowKey)
            {
                ["Attempts"] = attempts,
                ["NextAttemptAt"] = nextAttemptAt,
                ["LastError"] = reason,
                ["ClaimedUntil"] = now,
            },
            claim,
            TableUpdateMode.Merge,
            cancellationToken);
    }

    /// <summary>The delay of this e-mail was reported (page, audit, administrator), with the time it was.</summary>
    public Task MarkDelayReportedAsync(TableEntity row, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return UpdateAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["DelayReported"] = true, ["DelayedSince"] = since }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The first e-mail of an application held up past <paramref name="threshold"/> attempts, not counting the administrator's notices.</summary>
    public async Task<(string Step, DateTimeOffset Since)?> FirstHeldUpAsync(string reference, int threshold, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsOfAsync(reference, ["Step", State, "Attempts", "DelayedSince", "CreatedAt"], cancellationToken))
        {
            var step = row.GetString("Step");
            if (!IsSent(row) && (row.GetInt32("Attempts") ?? 0) >= threshold && !OutboxSteps.IsAdministratorNotice(step))
            {
                // Since the delay was reported; a row reported by a process that died before the mark, since it was queued.
                return (step, row.GetDateTimeOffset("DelayedSince") ?? row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
            }
        }

        return null;
    }

    /// <summary>The messages of an application (step, recipient, sent).</summary>
    public async Task<IReadOnlyList<(string Step, string Recipient, bool Sent)>> ListAsync(string reference, CancellationToken cancellationToken)
    {
        var messages = new List<(string, string, bool)>();
        await foreach (var row in RowsOfAsync(reference, ["Step", "Recipient", State], cancellationToken))
        {
            messages.Add((row.GetString("Step"), row.GetString("Recipient"), IsSent(row)));
        }

        return messages;
    }

    /// <summary>RGPD erasure, a draft's end: every row of the key (recipients, and the content of an e-mail not yet sent).</summary>
    public async Task DeleteAllAsync(string reference, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsOfAsync(reference, ["PartitionKey", "RowKey"], cancellationToken))
        {
            await (InPartition(row.RowKey) ? partition.DeleteAsync(reference, row.RowKey, cancellationToken) : table.DeleteEntityAsync(reference, row.RowKey, ETag.All, cancellationToken));
        }
    }
}
