using Serverless.Core.Procedures;
using Serverless.LocalHost;

// Runs the product without Azure Functions Core Tools: the same HTTP handlers, orchestrator and activities as the
// Functions app, on Kestrel and the Durable Task SDK, against the Durable Task Azure Storage backend (Azurite locally).
try
{
    await using var host = await LocalHostApp.StartAsync(args);
    await host.WaitForShutdownAsync();
    return 0;
}
catch (CatalogueException exception)
{
    // The loader's message names each file, JSON path and problem: that is all the operator needs.
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
