using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.FamilyQuotient;

namespace Serverless.Functions;

/// <summary>The family quotient fetched from API Particulier at a signed-in citizen's request (issue 27).</summary>
public sealed class FamilyQuotientFunctions(FamilyQuotientPrefillHandler prefill)
{
    [Function(FunctionNames.FetchFamilyQuotient)]
    public Task<IActionResult> FetchFamilyQuotient(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.FamilyQuotient)] HttpRequest request,
        string procedureId,
        CancellationToken cancellationToken) =>
        prefill.FetchAsync(request, procedureId, cancellationToken);
}
