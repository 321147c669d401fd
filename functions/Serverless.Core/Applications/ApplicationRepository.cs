using System.Text.Json;
using Azure;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;
using Serverless.Core.Site;

namespace Serverless.Core.Applications;

/// <summary>Reads and writes application rows.</summary>
public sealed class ApplicationRepository(StorageClients storage)
{
    private readonly Azure.Data.Tables.TableClient table = storage.Table(StorageNames.ApplicationsTable);

    public static ApplicationRecord NewRecord(
        string reference,
        string procedureId,
        string language,
        DateTimeOffset submittedAt,
        string citizenEmail,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyList<StoredAttachment> attachments,
        string? procedureVersion = null,
        string? accessKeyId = null) => new()
        {
            PartitionKey = reference,
            AccessKeyId = accessKeyId,
            ProcedureVersion = procedureVersion,
            ProcedureId = procedureId,
            Language = language,
            SubmittedAt = submittedAt,
            CitizenEmail = citizenEmail,
            ValuesJson = JsonSerializer.Serialize(values),
            AttachmentsJson = JsonSerializer.Serialize(attachments),
        };

    /// <summary>Adds a new row; false when the reference is already taken.</summary>
    public async Task<bool> TryAddAsync(ApplicationRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(record, cancellationToken);
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
        return response.HasValue ? response.Value : null;
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
    public async Task<Azure.Data.Tables.TableEntity> ReadRowAsync(string reference, CancellationToken cancellationToken) =>
        (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(reference, ApplicationRecord.RowKeyValue, cancellationToken: cancellationToken)).Value;

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

    /// <summary>The delayed-notice mark as stored, with the row's ETag; null for an erased or unknown row.</summary>
    public async Task<(string? Step, ETag ETag)?> NoticeMarkAsync(string reference, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(reference, ApplicationRecord.RowKeyValue, select: [nameof(ApplicationRecord.NoticeDelayedStep)], cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row ? (row.GetString(nameof(ApplicationRecord.NoticeDelayedStep)), row.ETag) : null;
    }

    /// <summary>The delayed-notice mark (<see cref="Notices.NoticeDelays"/>), conditional on the ETag it was read with.</summary>
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
