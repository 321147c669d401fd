using Microsoft.Extensions.Configuration;
using Serverless.Tools.Usage;

// Settings as the app reads them: AzureWebJobsStorage (or its identity-based form) and Catalogue__Path, from the
// environment; the report goes to standard output.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await UsageReportCommand.RunAsync(args, configuration, Console.Out, Console.Error);
