using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Submission;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>
/// Registers a stored certificate where it is looked up: its hash (checking an uploaded PDF), its registry row
/// (verification, revocation) and its usage fact (counted here, with its PDF's bytes in one write, not at the status
/// change). Independent rows, each written once under its own key, so they go together and a repeat writes nothing new.
/// </summary>
public sealed class CertificateRegistration(UsageMeter usage, CertificateHashIndex hashes, CertificateRegistry registry)
{
    public Task RegisterAsync(LoadedApplication application, CertificateRequest request, CertificateDocument document)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        return Task.WhenAll(
            usage.CertificateIssuedAsync(application.Commune.Id, document.Number, $"{StorageNames.CertificatesContainer}/{document.BlobName}", document.Pdf.Length, request.IssuedAt, CancellationToken.None),
            hashes.RecordAsync(document.Sha256, document.Number, CancellationToken.None),
            registry.RegisterAsync(
                new RegisteredCertificate(document.Number, request.Reference, application.Procedure.Id, document.Sha256, document.BlobName, ApplicationSummary.HolderName(application.Procedure, application.Values), request.IssuedAt),
                CancellationToken.None));
    }
}
