using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Edge;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>
/// Unknown addresses and wrong methods: without this catch-all route the Functions host answers them itself, with an
/// empty body. The host tries routes in the order of the function names and takes the first that matches, so this
/// function carries the greatest name it accepts (<see cref="FunctionNames.Fallback"/>) and is tried last
/// (docs/decisions/0009-host-route-order.md).
/// </summary>
public static class FallbackFunctions
{
    [Function(FunctionNames.Fallback)]
    public static IActionResult Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "options", "head", Route = Routes.Fallback)] HttpRequest request) =>
        FallbackHandler.Handle(request);
}
