using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>Readiness for the platform's health checks and for scripts that wait for the app.</summary>
public sealed class HealthFunctions(HealthHandler health)
{
    [Function(FunctionNames.GetHealth)]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        health.HandleAsync(durable, cancellationToken);
}
