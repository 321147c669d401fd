using System.Security.Cryptography;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Certificates;

/// <summary>The application's one certificate as stored: its number, its blob, its bytes and their SHA-256.</summary>
public sealed record CertificateDocument(string Number, string BlobName, byte[] Pdf, string Sha256);

/// <summary>
/// Makes the application's one certificate document, the same on every run: the number is claimed for the application
/// (a conditional insert: the first number claimed is the only one), the PDF is composed and signed at the time the
/// workflow fixed and stored only if no document exists under that name (first writer wins; a later run reads the
/// stored bytes back), so no copy that was never stored can verify as genuine.
/// </summary>
public sealed class CertificateDocuments(
    CertificateRegistry registry,
    CertificateComposer composer,
    CertificateRenderer renderer,
    CertificateSigning signing,
    BlobFiles files)
{
    public async Task<CertificateDocument> StoreAsync(LoadedApplication application, CertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        var number = await registry.ClaimNumberAsync(request.Reference, request.Number, CancellationToken.None);
        var blobName = CertificateRegistry.BlobNameOf(request.Reference, number);
        var rendered = renderer.Render(composer.Compose(application, number, request.IssuedAt, request.Implicit), signing.Signature(application.Commune.City, request.IssuedAt));
        var pdf = await files.UploadIfAbsentAsync(StorageNames.CertificatesContainer, blobName, rendered, "application/pdf", CancellationToken.None)
            ? rendered
            : await files.DownloadAsync(StorageNames.CertificatesContainer, blobName, CancellationToken.None)
                ?? throw new InvalidOperationException($"Certificate {number} exists but could not be read.");
        return new CertificateDocument(number, blobName, pdf, Convert.ToHexStringLower(SHA256.HashData(pdf)));
    }
}
