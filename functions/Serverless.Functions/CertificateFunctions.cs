using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Certificates;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>Certificates after issue: checking a file's exact bytes, and the agent's revocation link (GET shows, POST revokes).</summary>
public sealed class CertificateFunctions(VerifyCertificateFileHandler verifyFile, RevocationHandler revocation)
{
    [Function(FunctionNames.VerifyCertificateFile)]
    public Task<IActionResult> VerifyCertificateFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.VerifyFile)] HttpRequest request,
        CancellationToken cancellationToken) =>
        verifyFile.HandleAsync(request, cancellationToken);

    [Function(FunctionNames.ShowRevocationPage)]
    public Task<IActionResult> ShowRevocationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Revoke)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        revocation.ShowAsync(request, token, cancellationToken);

    [Function(FunctionNames.RevokeCertificate)]
    public Task<IActionResult> RevokeCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Revoke)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        revocation.RevokeAsync(request, token, cancellationToken);
}
