using Azure.Data.Tables;

namespace Serverless.Core.Storage;

/// <summary>An issued certificate as registered: what a verifier needs, without the document itself.</summary>
public sealed record RegisteredCertificate(
    string Number,
    string Reference,
    string ProcedureId,
    string Sha256,
    string BlobName,
    string HolderName,
    DateTimeOffset IssuedAt);

/// <summary>The certificate registry (partition = certificate number), where verification looks.</summary>
public sealed class CertificateRegistry(StorageClients storage)
{
    private const string RowKeyValue = "certificate";

    private readonly TableClient table = storage.Table(StorageNames.CertificatesTable);

    public Task RegisterAsync(RegisteredCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return table.UpsertEntityAsync(
            new TableEntity(certificate.Number, RowKeyValue)
            {
                ["Reference"] = certificate.Reference,
                ["ProcedureId"] = certificate.ProcedureId,
                ["Sha256"] = certificate.Sha256,
                ["BlobName"] = certificate.BlobName,
                ["HolderName"] = certificate.HolderName,
                ["IssuedAt"] = certificate.IssuedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<RegisteredCertificate?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(number, RowKeyValue, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new RegisteredCertificate(
            number,
            row.GetString("Reference"),
            row.GetString("ProcedureId"),
            row.GetString("Sha256"),
            row.GetString("BlobName"),
            row.GetString("HolderName"),
            row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue);
    }
}
