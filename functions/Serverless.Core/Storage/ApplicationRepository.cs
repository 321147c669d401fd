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
        string? procedureVersion = null) => new()
        {
            PartitionKey = reference,
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

    public Task DeleteAsync(string reference, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(reference, ApplicationRecord.RowKeyValue, ETag.All, cancellationToken);
}
