using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Circuits;

/// <summary>
/// <c>GET /api/procedures/{procedureId}/applications/{reference}/decision?access=…</c>: the signed decision of an
/// application that went through a signature circuit, for its citizen only (the same answer as an unknown application
/// otherwise: the access code, the procedure and the reference must all match).
/// </summary>
public sealed class SignedDecisionDownloadHandler(CitizenApplicationAccess access, DecisionDocuments documents)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application?.Record.DecisionDocument is not { } blobName || await documents.DownloadAsync(blobName, cancellationToken) is not { } pdf)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        return Results.Pdf(pdf, $"decision-signee-{reference}.pdf");
    }
}
