using System.Security.Cryptography;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// Renders and signs the certificate, stores it, indexes and registers the SHA-256 of the signed bytes and marks the
/// application approved. Idempotent: a certificate already registered under the number is returned as is, so a
/// retried activity never issues two (a retry before registration signs again: new bytes, new hash, same number).
/// </summary>
public sealed class IssueCertificateActivity(
    ApplicationLoader loader,
    CertificateComposer composer,
    CertificateRenderer renderer,
    CertificateSigning signing,
    CertificateHashIndex hashes,
    RevocationLinkNotifier revocationLinks,
    BlobFiles files,
    CertificateRegistry registry,
    ApplicationRepository applications,
    AuditTrail audit,
    TimeProvider clock)
{
    public async Task<IssuedCertificate> RunAsync(CertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = await registry.FindAsync(request.Number, CancellationToken.None);
        if (existing is not null)
        {
            return new IssuedCertificate(existing.Number, existing.Sha256);
        }

        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var pdf = renderer.Render(composer.Compose(application, request.Number, request.IssuedAt, request.Implicit), signing.Signature(application.Commune.City));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var blobName = $"{request.Reference}/{request.Number}.pdf";

        // Order matters for retries: the blob and the hash index first, then the registry row that makes them count.
        await files.UploadAsync(StorageNames.CertificatesContainer, blobName, pdf, "application/pdf", CancellationToken.None);
        await hashes.RecordAsync(sha256, request.Number, CancellationToken.None);

        // The agents' revocation links go out before the registry row: a retry may send them twice (both links
        // work: they name the number, not the bytes), never not at all.
        await revocationLinks.NotifyAsync(application, request.Number, CancellationToken.None);
        await registry.RegisterAsync(
            new RegisteredCertificate(request.Number, request.Reference, application.Procedure.Id, sha256, blobName, application.HolderName, request.IssuedAt),
            CancellationToken.None);
        await applications.RecordCertificateAsync(request.Reference, request.Number, sha256, CancellationToken.None);
        await applications.UpdateStatusAsync(request.Reference, ApplicationStatus.Approved, CancellationToken.None);
        await audit.RecordAsync(
            request.Reference,
            "wf-060-certificate",
            new AuditEntry(AuditAction.CertificateIssued, clock.GetUtcNow(), AuditActors.System, $"{request.Number} (SHA-256 {sha256})"),
            CancellationToken.None);
        return new IssuedCertificate(request.Number, sha256);
    }
}
