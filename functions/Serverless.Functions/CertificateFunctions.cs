using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Http;

namespace Serverless.Functions;

/// <summary>Certificates after issue: checking a file's exact bytes.</summary>
public sealed class CertificateFunctions(VerifyCertificateFileHandler verifyFile)
{
    [Function(FunctionNames.VerifyCertificateFile)]
    public Task<IActionResult> VerifyCertificateFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VerifyFile)] HttpRequest request,
        CancellationToken cancellationToken) =>
        verifyFile.HandleAsync(request, cancellationToken);
}
