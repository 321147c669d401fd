using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Storage;

namespace Serverless.Core.Site;

/// <summary>Creates the containers and tables at start-up, so that a fresh Azurite works with no manual step.</summary>
public sealed partial class StorageInitializer(StorageClients storage, ProcedureVersions versions, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Independent creations, made together: start-up waits for one round trip instead of one per name.
        await Task.WhenAll(
            StorageNames.Containers.Select(container => (Task)storage.Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken))
                .Concat(StorageNames.Tables.Select(table => (Task)storage.Table(table).CreateIfNotExistsAsync(cancellationToken)))
                .Concat(StorageNames.Queues.Select(queue => (Task)storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
        LogReady(StorageNames.Containers.Count, StorageNames.Tables.Count);
        // Into the catalogue-versions container, which exists from here on.
        await versions.PublishAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {ContainerCount} containers, {TableCount} tables")]
    private partial void LogReady(int containerCount, int tableCount);
}
