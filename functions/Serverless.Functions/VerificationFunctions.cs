using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Certificates;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>Anyone's side: checking that a certificate is genuine.</summary>
public sealed class VerificationFunctions(VerifyCertificateHandler verify)
{
    [Function(FunctionNames.VerifyCertificate)]
    public Task<IActionResult> VerifyCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VerifyCertificate)] HttpRequest request,
        string number,
        CancellationToken cancellationToken) =>
        verify.HandleAsync(request, number, cancellationToken);
}
