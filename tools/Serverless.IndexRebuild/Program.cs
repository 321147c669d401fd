using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

// rebuild-index [--catalogue FOLDER] [--parallelism N]
// Storage: AzureWebJobsStorage (a connection string, or __tableServiceUri/__blobServiceUri with an identity), as the app reads it.
// Recomputes every application's back-office index row and removes rows no application points to. Safe while the app runs.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var catalogueFolder = configuration["catalogue"] is { Length: > 0 } folder ? folder
    : configuration["Catalogue:Path"] is { Length: > 0 } path ? path
    : CatalogueLoader.BundledPath;
var parallelism = int.TryParse(configuration["parallelism"], NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 16;

var storage = new StorageClients(configuration);
var catalog = CatalogueLoader.Load(catalogueFolder);
var loader = new ApplicationLoader(new ApplicationRepository(storage), catalog, new ProcedureVersions(catalog, new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance));
await storage.Table(StorageNames.BackOfficeIndexTable).CreateIfNotExistsAsync();
var started = TimeProvider.System.GetTimestamp();
var result = await new IndexRebuilder(storage, new ApplicationIndex(storage, loader)).RebuildAsync(parallelism, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Index rebuilt: {result.Applications} applications refreshed, {result.OrphansRemoved} stale rows removed, in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s."));
return 0;
