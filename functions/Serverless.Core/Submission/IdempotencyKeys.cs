using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Submission;

/// <summary>What an Idempotency-Key was first used for.</summary>
public sealed record IdempotencyClaim(string Reference, string RequestHash, bool IsNew);

/// <summary>
/// Remembers which reference an Idempotency-Key produced, so a retried submission gets the same application back.
/// The first request claims the key with a conditional insert; later ones read what it claimed.
/// </summary>
public sealed class IdempotencyKeys(StorageClients storage)
{
    public const int MaxKeyLength = 200;

    private readonly TableClient table = storage.Table(StorageNames.IdempotencyKeysTable);

    public async Task<IdempotencyClaim> ClaimAsync(string procedureId, string key, string proposedReference, string requestHash, CancellationToken cancellationToken)
    {
        var rowKey = Hash(key);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(procedureId, rowKey) { ["Reference"] = proposedReference, ["RequestHash"] = requestHash },
                cancellationToken);
            return new IdempotencyClaim(proposedReference, requestHash, IsNew: true);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(procedureId, rowKey, cancellationToken: cancellationToken);
            return new IdempotencyClaim(existing.Value.GetString("Reference"), existing.Value.GetString("RequestHash"), IsNew: false);
        }
    }

    /// <summary>Frees a key whose submission was rolled back, so the client's retry can succeed.</summary>
    public Task ReleaseAsync(string procedureId, string key, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(procedureId, Hash(key), ETag.All, cancellationToken);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
