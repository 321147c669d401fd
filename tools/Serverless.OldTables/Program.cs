using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

// old-tables [--list N]
// Storage: AzureWebJobsStorage (a connection string, or __tableServiceUri with an identity), as the app reads it.
// Says whether the tables of before decision 0012 (AuditTrail, Outbox, ReviewDecisions) can be deleted. Reads only.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var list = int.TryParse(configuration["list"], NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 20;
var census = await new OldLayoutTables(new StorageClients(configuration)).CountAsync(list, CancellationToken.None);
var tables = string.Join(", ", OldLayoutTables.Tables);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{census.Applications} applications read; {census.InOldTables} of layout 0 not erased yet keep rows in {tables}."));
if (census.TablesCanGo)
{
    Console.WriteLine($"No application needs {tables} any more: they can be deleted.");
    return 0;
}

Console.WriteLine("Keep them until each of these has been erased at the end of its retention period (docs/RETENTION.md):");
foreach (var reference in census.First)
{
    Console.WriteLine("  " + reference);
}

return 3;
