using Serverless.Core.Procedures;
using Serverless.LocalHost;

// Runs the product without Azure Functions Core Tools: the same HTTP handlers, orchestrator and activities as the
// Functions app, on Kestrel and the Durable Task SDK, against the Durable Task Azure Storage backend (Azurite locally).
try
{
    await using var host = await LocalHostApp.StartAsync(args);
    ConsoleOutput.Banner(host.BaseAddress, host.StartupTimes);
    await host.WaitForShutdownAsync();
    return 0;
}
catch (CatalogueException exception)
{
    // The loader's message names each file, JSON path and problem: that is all the operator needs.
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
catch (Exception exception) when (Serverless.Core.StartupValidation.IsValidationFailure(exception))
{
    // One line per problem in the settings, each saying how to fix it.
    foreach (var line in Serverless.Core.StartupValidation.Lines(exception))
    {
        await Console.Error.WriteLineAsync(line);
    }

    return 1;
}
catch (StorageUnreachableException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
