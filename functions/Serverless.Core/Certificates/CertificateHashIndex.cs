using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Certificates;

/// <summary>
/// Finds a certificate by the SHA-256 of its exact bytes (partition = lower-case hex hash), for "is this file
/// genuine?". Written before the registry row; a retried issue may leave an entry whose hash the registry no longer
/// holds, so a reader always confirms the hash against the registry.
/// </summary>
public sealed class CertificateHashIndex(StorageClients storage)
{
    private const string RowKeyValue = "certificate";

    private readonly TableClient table = storage.Table(StorageNames.CertificateHashesTable);

    /// <summary>Idempotent: a conditional insert, so the same hash keeps mapping to the number first recorded.</summary>
    public async Task RecordAsync(string sha256, string number, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(sha256, RowKeyValue) { ["Number"] = number }, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 409)
        {
            // Recorded by an earlier run of the same step.
        }
    }

    public async Task<string?> FindNumberAsync(string sha256, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sha256, RowKeyValue, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("Number") : null;
    }
}
