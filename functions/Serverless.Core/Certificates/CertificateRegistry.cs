using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Certificates;

/// <summary>An issued certificate as registered: what a verifier needs, without the document itself.</summary>
public sealed record RegisteredCertificate(
    string Number,
    string Reference,
    string ProcedureId,
    string Sha256,
    string BlobName,
    string HolderName,
    DateTimeOffset IssuedAt)
{
    /// <summary>Set once the certificate is revoked.</summary>
    public CertificateRevocation? Revocation { get; init; }

    public bool IsRevoked => Revocation is not null;

    /// <summary>Set once the application's personal data was erased: the PDF is gone, the certificate stays verifiable by hash.</summary>
    public DateTimeOffset? DocumentErasedAt { get; init; }
}

/// <summary>Who revoked a certificate, when and why; whether the holder was told.</summary>
public sealed record CertificateRevocation(DateTimeOffset RevokedAt, string RevokedBy, string Reason, bool CitizenNotified);

/// <summary>
/// The certificate registry (partition = certificate number), where verification looks. A partition holds the
/// certificate row and, once revoked, a revocation row added by a conditional insert: a certificate is revoked
/// once, and every later attempt reads who did it.
/// </summary>
public sealed class CertificateRegistry(StorageClients storage)
{
    private const string RowKeyValue = "certificate";
    private const string RevocationRowKey = "revocation";

    private readonly TableClient table = storage.Table(StorageNames.CertificatesTable);

    private const string ClaimRowKey = "certificate-number";

    /// <summary>
    /// One certificate per application, by construction: the first number claimed for the application (conditional
    /// insert) is the one every later attempt gets back, whatever number it proposed.
    /// </summary>
    /// <summary>Where a certificate's PDF is stored: under the application's reference (erasure deletes by that prefix).</summary>
    public static string BlobNameOf(string reference, string number) => $"{reference}/{number}.pdf";

    public async Task<string> ClaimNumberAsync(string reference, string proposedNumber, CancellationToken cancellationToken)
    {
        var partition = $"application|{reference}";
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, ClaimRowKey) { ["Number"] = proposedNumber }, cancellationToken);
            return proposedNumber;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (await table.GetEntityAsync<TableEntity>(partition, ClaimRowKey, cancellationToken: cancellationToken)).Value.GetString("Number");
        }
    }

    /// <summary>Registers the certificate once (conditional insert): a later run of the same step leaves the first row as it is.</summary>
    public async Task RegisterAsync(RegisteredCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            await table.AddEntityAsync(
            new TableEntity(certificate.Number, RowKeyValue)
            {
                ["Reference"] = certificate.Reference,
                ["ProcedureId"] = certificate.ProcedureId,
                ["Sha256"] = certificate.Sha256,
                ["BlobName"] = certificate.BlobName,
                ["HolderName"] = certificate.HolderName,
                ["IssuedAt"] = certificate.IssuedAt,
            },
            cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Registered by an earlier run.
        }
    }

    public async Task<RegisteredCertificate?> FindAsync(string number, CancellationToken cancellationToken)
    {
        TableEntity? certificateRow = null;
        TableEntity? revocationRow = null;
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == number, cancellationToken: cancellationToken))
        {
            switch (row.RowKey)
            {
                case RowKeyValue:
                    certificateRow = row;
                    break;
                case RevocationRowKey:
                    revocationRow = row;
                    break;
            }
        }

        if (certificateRow is null)
        {
            return null;
        }

        return new RegisteredCertificate(
            number,
            certificateRow.GetString("Reference"),
            certificateRow.GetString("ProcedureId"),
            certificateRow.GetString("Sha256"),
            certificateRow.GetString("BlobName"),
            certificateRow.GetString("HolderName"),
            certificateRow.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue)
        {
            Revocation = revocationRow is null ? null : ReadRevocation(revocationRow),
            DocumentErasedAt = certificateRow.GetDateTimeOffset("DocumentErasedAt"),
        };
    }

    /// <summary>Revokes the certificate; returns the earlier revocation instead when it was already revoked.</summary>
    public async Task<CertificateRevocation?> TryRevokeAsync(string number, CertificateRevocation revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(number, RevocationRowKey)
                {
                    ["Revoked"] = true,
                    ["RevokedAt"] = revocation.RevokedAt,
                    ["RevokedBy"] = revocation.RevokedBy,
                    ["Reason"] = revocation.Reason,
                    ["CitizenNotified"] = false,
                },
                cancellationToken);
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(number, RevocationRowKey, cancellationToken: cancellationToken);
            return ReadRevocation(existing.Value);
        }
    }

    /// <summary>
    /// RGPD erasure: the holder's name goes and the registry says the document is no longer kept. Number, hash, issue
    /// date and any revocation stay, so the certificate remains verifiable by its number and by its file's hash.
    /// </summary>
    public Task MarkDocumentErasedAsync(string number, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(number, RowKeyValue) { ["HolderName"] = string.Empty, ["DocumentErasedAt"] = erasedAt }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Marks that the holder was e-mailed; until then a later use of the link sends the e-mail again.</summary>
    public Task MarkRevocationNotifiedAsync(string number, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(number, RevocationRowKey) { ["CitizenNotified"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    private static CertificateRevocation ReadRevocation(TableEntity row) => new(
        row.GetDateTimeOffset("RevokedAt") ?? DateTimeOffset.MinValue,
        row.GetString("RevokedBy") ?? string.Empty,
        row.GetString("Reason") ?? string.Empty,
        row.GetBoolean("CitizenNotified") ?? false);
}
