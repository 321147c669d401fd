using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Core.Procedures;

namespace Serverless.Core.Storage;

/// <summary>Creates the containers and tables at start-up, so that a fresh Azurite works with no manual step.</summary>
public sealed partial class StorageInitializer(StorageClients storage, ProcedureVersions versions, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var container in StorageNames.Containers)
        {
            await storage.Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var table in StorageNames.Tables)
        {
            await storage.Table(table).CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var queue in StorageNames.Queues)
        {
            await storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        LogReady(StorageNames.Containers.Count, StorageNames.Tables.Count);
        await versions.PublishAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {ContainerCount} containers, {TableCount} tables")]
    private partial void LogReady(int containerCount, int tableCount);
}
