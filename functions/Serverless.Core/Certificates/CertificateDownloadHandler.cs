using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Certificates;

/// <summary><c>GET /api/applications/{reference}/certificate?access=…</c>: the certificate PDF, for its citizen only.</summary>
public sealed class CertificateDownloadHandler(CitizenApplicationAccess access, CertificateRegistry registry, BlobFiles files)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application?.Record.CertificateNumber is not { } number
            || await registry.FindAsync(number, cancellationToken) is not { } certificate
            || await files.DownloadAsync(StorageNames.CertificatesContainer, certificate.BlobName, cancellationToken) is not { } pdf)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        return Results.Pdf(pdf, $"attestation-{number}.pdf");
    }
}
