using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Applications;

/// <summary>
/// Reads and writes application rows: the one owner of the <c>Applications</c> table. Since decision 0012 an
/// application of <see cref="ApplicationRecord.PartitionLayout"/> keeps its audit entries, outbox rows and decisions in
/// its partition too; this class hands each kind's writer a narrow part (<see cref="Rows"/>) and commits a step's rows
/// together (<see cref="CommitAsync"/>).
/// </summary>
public sealed class ApplicationRepository(StorageClients storage)
{
    /// <summary>An entity-group transaction holds at most 100 operations.</summary>
    public const int MaxOperations = 100;

    /// <summary>Enough for every application in flight on one instance; past it the map starts again (it only saves reads).</summary>
    private const int MaxLayoutsRemembered = 20_000;

    private readonly Azure.Data.Tables.TableClient table = storage.Table(StorageNames.ApplicationsTable);

    /// <summary>Whether each reference seen is of the partition layout: fixed at submission, so kept once read.</summary>
    private readonly ConcurrentDictionary<string, bool> layouts = new(StringComparer.Ordinal);

    /// <summary>The part of the table that holds one kind of an application's rows (<c>audit|</c>, <c>outbox|</c>, <c>decision|</c>).</summary>
    public ApplicationRows Rows(string prefix) => new(table, prefix);

    /// <summary>
    /// True when the application's audit, outbox and decision rows are in its partition (layout 2); false for an
    /// application of before, and for a key that names no application (a draft's or a sign-in's outbox key). Read
    /// once per reference and process (the layout never changes); the steps have usually read the row already.
    /// </summary>
    public async ValueTask<bool> InPartitionAsync(string reference, CancellationToken cancellationToken)
    {
        if (layouts.TryGetValue(reference, out var known))
        {
            return known;
        }

        if (reference.Contains('|', StringComparison.Ordinal) || reference.Length == 0)
        {
            return false;
        }

        var found = await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(reference, ApplicationRecord.RowKeyValue, select: [nameof(ApplicationRecord.Layout)], cancellationToken: cancellationToken);
        var inPartition = found.HasValue && found.Value!.GetInt32(nameof(ApplicationRecord.Layout)) >= ApplicationRecord.PartitionLayout;
        if (found.HasValue)
        {
            Remember(reference, inPartition);
        }

        return inPartition;
    }

    private void Remember(string reference, bool inPartition)
    {
        if (layouts.Count >= MaxLayoutsRemembered)
        {
            layouts.Clear();
        }

        layouts[reference] = inPartition;
    }

    /// <summary>
    /// One step of an application in one entity-group transaction (decision 0012): the merge of
    /// <paramref name="columns"/> into the application row, conditional on <paramref name="ifMatch"/> (none: no merge),
    /// the insert of its <paramref name="records"/> (the step's audit rows: their existence says the step ran) and of
    /// its <paramref name="outbox"/> rows, and the replace of its <paramref name="replaced"/> rows. All or nothing: 412 on the row is <see cref="StepCommit.Conflict"/>, 409 on
    /// a record (or, for a step without records, on an outbox row) <see cref="StepCommit.AlreadyDone"/>. Past 100 operations the outbox rows that do not fit follow in
    /// further transactions, each idempotent (a row already there is left as it is), also when the step was done.
    /// </summary>
    public async Task<StepCommit> CommitAsync(
        string reference,
        IEnumerable<KeyValuePair<string, object>>? columns,
        ETag ifMatch,
        IReadOnlyList<Azure.Data.Tables.TableEntity> records,
        IReadOnlyList<Azure.Data.Tables.TableEntity> outbox,
        CancellationToken cancellationToken,
        IReadOnlyList<Azure.Data.Tables.TableEntity>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(outbox);
        var actions = new List<Azure.Data.Tables.TableTransactionAction>();
        if (columns is not null)
        {
            var entity = new Azure.Data.Tables.TableEntity(reference, ApplicationRecord.RowKeyValue);
            foreach (var (name, value) in columns)
            {
                entity[name] = value;
            }

            actions.Add(new(Azure.Data.Tables.TableTransactionActionType.UpdateMerge, entity, ifMatch));
        }

        // Rows of the partition the step rewrites whole, unconditionally (the dispatcher's mark "sent" on the outbox row
        // it claimed): in the same transaction as the records, so neither exists without the other.
        actions.AddRange((replaced ?? []).Select(row => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.UpdateReplace, Own(reference, row), ETag.All)));

        var firstRecord = actions.Count;
        actions.AddRange(records.Select(row => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, Own(reference, row))));
        var room = Math.Max(0, MaxOperations - actions.Count);
        actions.AddRange(outbox.Take(room).Select(row => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, Own(reference, row))));
        var outcome = StepCommit.Committed;
        if (actions.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (Azure.Data.Tables.TableTransactionFailedException exception) when (exception.Status == 412)
            {
                return StepCommit.Conflict;
            }
            catch (Azure.Data.Tables.TableTransactionFailedException exception) when (exception.Status == 409
                && exception.FailedTransactionActionIndex is { } index && index >= firstRecord && (records.Count == 0 || index < firstRecord + records.Count))
            {
                // The step's record row (or, for a step that records none, one of its outbox rows, all written
                // together): an earlier run committed the whole transaction.
                outcome = StepCommit.AlreadyDone;
            }
        }

        foreach (var chunk in outbox.Skip(room).Chunk(MaxOperations))
        {
            await AddAllAsync(chunk, cancellationToken);
        }

        return outcome;
    }

    private async Task AddAllAsync(IReadOnlyList<Azure.Data.Tables.TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(row => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, row)), cancellationToken);
        }
        catch (Azure.Data.Tables.TableTransactionFailedException exception) when (exception.Status == 409)
        {
            await AddEachAsync(rows, cancellationToken);
        }
    }

    private async Task AddEachAsync(IEnumerable<Azure.Data.Tables.TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            try
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                // Written by an earlier run of the step: left as it is.
            }
        }
    }

    private static Azure.Data.Tables.TableEntity Own(string reference, Azure.Data.Tables.TableEntity row) =>
        row.PartitionKey == reference && row.RowKey != ApplicationRecord.RowKeyValue
            ? row
            : throw new ArgumentException($"Row {row.PartitionKey}/{row.RowKey} is not one of application {reference}'s own rows.", nameof(row));

    public static ApplicationRecord NewRecord(
        string reference,
        string procedureId,
        string language,
        DateTimeOffset submittedAt,
        string citizenEmail,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyList<StoredAttachment> attachments,
        string? procedureVersion = null,
        string? accessKeyId = null,
        VerifiedIdentity? identity = null) => new()
        {
            VerifiedFields = identity is { Fields.Count: > 0 } ? string.Join(',', identity.Fields) : null,
            VerifiedBy = identity is { Fields.Count: > 0 } ? identity.Source : null,
            VerifiedNotes = identity is { Notes.Count: > 0 } ? System.Text.Json.JsonSerializer.Serialize(identity.Notes) : null,
            VerifiedAt = identity is { Fields.Count: > 0 } ? submittedAt : null,
            CitizenSub = identity?.Sub,
            PartitionKey = reference,
            AccessKeyId = accessKeyId,
            ProcedureVersion = procedureVersion,
            ProcedureId = procedureId,
            Language = language,
            SubmittedAt = submittedAt,
            CitizenEmail = citizenEmail,
            ValuesJson = JsonSerializer.Serialize(values),
            AttachmentsJson = JsonSerializer.Serialize(attachments),
            Layout = ApplicationRecord.PartitionLayout,
        };

    /// <summary>Adds a new row; false when the reference is already taken.</summary>
    public async Task<bool> TryAddAsync(ApplicationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await table.AddEntityAsync(record, cancellationToken);
            Remember(record.Reference, record.InPartition);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    public async Task<ApplicationRecord?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ApplicationRecord>(reference, ApplicationRecord.RowKeyValue, cancellationToken: cancellationToken);
        if (response.HasValue)
        {
            Remember(reference, response.Value!.InPartition);
        }

        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The application row and its rows of one kind (<paramref name="kind"/>: the decisions, say) in one request: a
    /// query of the partition that names the row and the kind's key range, instead of a read of each. Null record: no
    /// application. For an application of before the partition layout the kind's rows are elsewhere: none is returned.
    /// </summary>
    public async Task<(ApplicationRecord? Record, IReadOnlyList<Azure.Data.Tables.TableEntity> Rows)> FindWithAsync(string reference, ApplicationRows kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ApplicationRecord? record = null;
        var rows = new List<Azure.Data.Tables.TableEntity>();
        var end = kind.Prefix[..^1] + (char)(kind.Prefix[^1] + 1);
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {reference} and (RowKey eq {ApplicationRecord.RowKeyValue} or (RowKey ge {kind.Prefix} and RowKey lt {end}))");
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == ApplicationRecord.RowKeyValue)
            {
                record = ApplicationRecord.FromEntity(row);
                Remember(reference, record.InPartition);
            }
            else if (kind.Owns(row.RowKey))
            {
                rows.Add(row);
            }
        }

        return (record, record is { InPartition: true } ? rows : []);
    }

    /// <summary>
    /// Every application still pending (received, under review, waiting for corrections, in incident) and not erased,
    /// with the columns that say where its workflow stands: the lost-workflow sweep compares them with their instances.
    /// A filtered scan of the table (Table Storage has no index on a column): run hourly, its cost follows the table.
    /// </summary>
    public async IAsyncEnumerable<ApplicationRecord> PendingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = string.Join(" or ", Enum.GetValues<Applications.ApplicationStatus>().Where(status => status.IsPending()).Select(status => $"Status eq '{status}'"));
        var filter = $"RowKey eq '{ApplicationRecord.RowKeyValue}' and ({pending})";
        string[] columns =
        [
            "PartitionKey", "RowKey", nameof(ApplicationRecord.Status), nameof(ApplicationRecord.StatusBeforeIncident), nameof(ApplicationRecord.SubmittedAt),
            nameof(ApplicationRecord.ReviewRound), nameof(ApplicationRecord.AnswerDueAt), nameof(ApplicationRecord.CorrectedRound), nameof(ApplicationRecord.ErasedAt),
        ];
        await foreach (var record in table.QueryAsync<ApplicationRecord>(filter, select: columns, cancellationToken: cancellationToken))
        {
            if (record.ErasedAt is null)
            {
                yield return record;
            }
        }
    }

    public async Task<ApplicationRecord> GetAsync(string reference, CancellationToken cancellationToken) =>
        await FindAsync(reference, cancellationToken)
        ?? throw new InvalidOperationException($"Application {reference} does not exist.");

    public Task RecordCertificateAsync(string reference, string number, string sha256, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(
            new Azure.Data.Tables.TableEntity(reference, ApplicationRecord.RowKeyValue)
            {
                [nameof(ApplicationRecord.CertificateNumber)] = number,
                [nameof(ApplicationRecord.CertificateSha256)] = sha256,
            },
            ETag.All,
            Azure.Data.Tables.TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>The row as stored, every column (the status writer decides the change from it).</summary>
    public async Task<Azure.Data.Tables.TableEntity> ReadRowAsync(string reference, CancellationToken cancellationToken)
    {
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(reference, ApplicationRecord.RowKeyValue, cancellationToken: cancellationToken)).Value;
        Remember(reference, row.GetInt32(nameof(ApplicationRecord.Layout)) >= ApplicationRecord.PartitionLayout);
        return row;
    }

    /// <summary>
    /// A status change with the columns that go with it (<see cref="ApplicationStatusWriter"/>, which checks the
    /// transition first), conditional on the ETag the row was read with: 412 when anything wrote the row since.
    /// </summary>
    public Task WriteStatusAsync(string reference, StatusChange change, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entity = new Azure.Data.Tables.TableEntity(reference, ApplicationRecord.RowKeyValue);
        foreach (var (name, value) in change.Columns())
        {
            entity[name] = value;
        }

        return table.UpdateEntityAsync(entity, ifMatch, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The date the acknowledgement announced for the decision (the workflow's deadline), before review opens.</summary>
    public Task RecordDecisionDueAsync(string reference, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        MergeAsync(reference, [(nameof(ApplicationRecord.DecisionDueAt), dueAt)], ETag.All, cancellationToken);

    /// <summary>The agent in charge (empty: nobody).</summary>
    public Task AssignAsync(string reference, string assignee, CancellationToken cancellationToken) =>
        MergeAsync(reference, [(nameof(ApplicationRecord.AssignedTo), assignee)], ETag.All, cancellationToken);

    /// <summary>
    /// The citizen's answer to round <paramref name="round"/>'s request for changes: values, files and "this round is
    /// answered" in one write, conditional on the ETag the row was read with, so a second answer is refused (412).
    /// </summary>
    public Task RecordCorrectionAsync(string reference, string valuesJson, string attachmentsJson, int round, ETag ifMatch, CancellationToken cancellationToken) =>
        MergeAsync(
            reference,
            [(nameof(ApplicationRecord.ValuesJson), valuesJson), (nameof(ApplicationRecord.AttachmentsJson), attachmentsJson), (nameof(ApplicationRecord.CorrectedRound), round)],
            ifMatch,
            cancellationToken);

    /// <summary>
    /// The citizen's withdrawal is recorded (<see cref="ApplicationRecord.WithdrawalRequestedAt"/>): merged whatever the
    /// row's ETag, as <see cref="AssignAsync"/>; a step that read the row before finds it changed and reads it again.
    /// </summary>
    public Task MarkWithdrawalRequestedAsync(string reference, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(reference, [(nameof(ApplicationRecord.WithdrawalRequestedAt), at)], ETag.All, cancellationToken);

    /// <summary>The delayed-notice mark as stored, with the row's ETag; null for an erased or unknown row.</summary>
    public async Task<(string? Step, ETag ETag)?> NoticeMarkAsync(string reference, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(reference, ApplicationRecord.RowKeyValue, select: [nameof(ApplicationRecord.NoticeDelayedStep)], cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row ? (row.GetString(nameof(ApplicationRecord.NoticeDelayedStep)), row.ETag) : null;
    }

    /// <summary>The delayed-notice mark (<see cref="Outbox.NoticeDelays"/>), conditional on the ETag it was read with.</summary>
    public Task MarkNoticeDelayedAsync(string reference, string step, DateTimeOffset? since, ETag ifMatch, CancellationToken cancellationToken) =>
        MergeAsync(reference, [(nameof(ApplicationRecord.NoticeDelayedStep), step), (nameof(ApplicationRecord.NoticeDelayedSince), since)], ifMatch, cancellationToken);

    /// <summary>Merges the named columns (a null value is left as it is); never the status.</summary>
    private Task<Response> MergeAsync(string reference, (string Name, object? Value)[] columns, ETag ifMatch, CancellationToken cancellationToken)
    {
        var entity = new Azure.Data.Tables.TableEntity(reference, ApplicationRecord.RowKeyValue);
        foreach (var (name, value) in columns.Where(column => column.Value is not null))
        {
            entity[name] = value;
        }

        return table.UpdateEntityAsync(entity, ifMatch, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// RGPD erasure of the row (with the ETag it was read with): values, attachments' descriptions, the citizen's
    /// address, the decision's reason and the requests for changes go; the skeleton stays (procedure and version,
    /// status — written back as it was, never changed here —, language, dates, certificate number and hash, the access
    /// code's key id, and when and why it was erased).
    /// </summary>
    public Task ScrubAsync(ApplicationRecord record, DateTimeOffset erasedAt, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var kept = new Azure.Data.Tables.TableEntity(record.Reference, ApplicationRecord.RowKeyValue)
        {
            [nameof(ApplicationRecord.ProcedureId)] = record.ProcedureId,
            [nameof(ApplicationRecord.Status)] = record.Status,
            [nameof(ApplicationRecord.Language)] = record.Language,
            [nameof(ApplicationRecord.SubmittedAt)] = record.SubmittedAt,
            [nameof(ApplicationRecord.ReviewRound)] = record.ReviewRound,
            [nameof(ApplicationRecord.CorrectedRound)] = record.CorrectedRound,
            [nameof(ApplicationRecord.CitizenEmail)] = string.Empty,
            [nameof(ApplicationRecord.ValuesJson)] = "{}",
            [nameof(ApplicationRecord.AttachmentsJson)] = "[]",
            [nameof(ApplicationRecord.ErasedAt)] = erasedAt,
            [nameof(ApplicationRecord.ErasureReason)] = reason,
        };
        foreach (var (name, value) in new (string, object?)[]
        {
            (nameof(ApplicationRecord.ProcedureVersion), record.ProcedureVersion),
            (nameof(ApplicationRecord.CertificateNumber), record.CertificateNumber),
            (nameof(ApplicationRecord.CertificateSha256), record.CertificateSha256),
            (nameof(ApplicationRecord.DecisionDueAt), record.DecisionDueAt),

            // Kept: where the application's audit, decision and outbox rows are.
            (nameof(ApplicationRecord.Layout), record.Layout > 0 ? record.Layout : (int?)null),

            // Kept: an erased application's page still opens with the citizen's code, derived with this key.
            (nameof(ApplicationRecord.AccessKeyId), record.AccessKeyId),
        })
        {
            if (value is not null)
            {
                kept[name] = value;
            }
        }

        return table.UpdateEntityAsync(kept, record.ETag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
    }

    public Task DeleteAsync(string reference, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(reference, ApplicationRecord.RowKeyValue, ETag.All, cancellationToken);
}
