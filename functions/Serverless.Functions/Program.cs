using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Serverless.Core;
using Serverless.Core.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Serverless.Functions.EdgeMiddleware>();
// The Functions host starts each invocation's span; the worker defaults carry its trace context into the worker.
builder.Services.AddCitizenTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
builder.Services.AddCitizenServices(builder.Configuration);
try
{
    builder.Build().Run();
}
catch (Exception exception) when (Serverless.Core.Configuration.StartupValidation.IsValidationFailure(exception))
{
    // One line per problem in the settings, each saying how to fix it; the host then reports the worker as failed.
    foreach (var line in Serverless.Core.Configuration.StartupValidation.Lines(exception))
    {
        Console.Error.WriteLine(line);
    }

    Environment.ExitCode = 1;
}
