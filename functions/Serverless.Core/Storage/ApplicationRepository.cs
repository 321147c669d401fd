using System.Text.Json;
using Azure;
using Serverless.Core.Applications;

namespace Serverless.Core.Storage;

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

    /// <summary>
    /// Merges the given columns into the row; other columns, and columns given as null, are left as they are. Never the
    /// status: only <see cref="ApplicationStatusWriter"/> changes it.
    /// </summary>
    public Task MergeAsync(string reference, IDictionary<string, object?> columns, CancellationToken cancellationToken, ETag? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.ContainsKey(nameof(ApplicationRecord.Status)))
        {
            throw new ArgumentException("The status is changed by ApplicationStatusWriter only.", nameof(columns));
        }

        var entity = new Azure.Data.Tables.TableEntity(reference, ApplicationRecord.RowKeyValue);
        foreach (var (name, value) in columns.Where(column => column.Value is not null))
        {
            entity[name] = value;
        }

        return table.UpdateEntityAsync(entity, ifMatch ?? ETag.All, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
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
