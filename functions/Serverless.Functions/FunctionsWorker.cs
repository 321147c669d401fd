using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Serverless.Core;
using Serverless.Core.Edge;
using Serverless.Platform.Telemetry;

namespace Serverless.Functions;

/// <summary>
/// The worker's host exactly as <c>Program</c> runs it under the Functions host, in one place so that a test can build
/// it with Azure's settings and resolve every function class from it (a missing registration then fails a test, not the
/// first request in Azure).
/// </summary>
public static class FunctionsWorker
{
    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<EdgeMiddleware>();
        // The Functions host starts each invocation's span; the worker defaults carry its trace context into the worker.
        builder.Services.AddCitizenTelemetry(builder.Configuration, SecretRedaction.ForTelemetry, telemetry => telemetry.UseFunctionsWorkerDefaults());
        builder.Services.AddCitizenServices(builder.Configuration);
        return builder.Build();
    }
}
