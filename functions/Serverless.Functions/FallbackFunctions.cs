using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Http;

namespace Serverless.Functions;

/// <summary>
/// Unknown addresses and wrong methods: without this catch-all route the Functions host answers them itself, with an
/// empty body. Routes with literal segments take precedence over it.
/// </summary>
public static class FallbackFunctions
{
    [Function(FunctionNames.Fallback)]
    public static IActionResult Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "options", "head", Route = Routes.Fallback)] HttpRequest request) =>
        FallbackHandler.Handle(request);
}
