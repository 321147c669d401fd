using Serverless.LocalHost;

// Runs the product without Azure Functions Core Tools: the same HTTP handlers, orchestrator and activities as the
// Functions app, on Kestrel and the Durable Task SDK, against the Durable Task Azure Storage backend (Azurite locally).
await using var host = await LocalHostApp.StartAsync(args);
await host.WaitForShutdownAsync();
