using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Serverless.Core;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Serverless.Functions.EdgeMiddleware>();
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
