using Microsoft.Extensions.Hosting;
using Serverless.Core;
using Serverless.Core.Site;
using Serverless.Functions;

try
{
    FunctionsWorker.Build(args).Run();
}
catch (Exception exception) when (StartupValidation.IsValidationFailure(exception))
{
    // One line per problem in the settings, each saying how to fix it; the host then reports the worker as failed.
    foreach (var line in StartupValidation.Lines(exception))
    {
        Console.Error.WriteLine(line);
    }

    Environment.ExitCode = 1;
}
