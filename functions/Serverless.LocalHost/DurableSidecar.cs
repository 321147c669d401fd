using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.LocalHost;

/// <summary>
/// The Durable Task back end of the local host: <see cref="AzureStorageOrchestrationService"/> (the task-hub format
/// Durable Functions uses in Azure) behind the gRPC sidecar protocol that the Durable Task SDK worker and client speak.
/// It listens on a free loopback port of its own.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly AzureStorageOrchestrationService backend;

    private DurableSidecar(WebApplication app, AzureStorageOrchestrationService backend, Uri address)
    {
        this.app = app;
        this.backend = backend;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="configuration">The host's settings.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="counter">Counts the backend's storage requests (the call-count test only).</param>
    public static async Task<DurableSidecar> StartAsync(IConfiguration configuration, CancellationToken cancellationToken, StorageCallCounter? counter = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        // The storage back end logs every poll at Information: keep its warnings and errors only.
        builder.Logging.SetMinimumLevel(configuration.GetValue("DurableTask:LogLevel", LogLevel.Warning));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(services => new AzureStorageOrchestrationService(Settings(configuration, services.GetRequiredService<ILoggerFactory>(), counter)));
        builder.Services.AddSingleton<IOrchestrationService>(services => services.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<IOrchestrationServiceClient>(services => services.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();

        // The gRPC server does not create the task hub (queues, tables, containers) itself.
        var backend = app.Services.GetRequiredService<AzureStorageOrchestrationService>();
        await backend.CreateIfNotExistsAsync();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DurableSidecar(app, backend, new Uri(address));
    }

    /// <summary>
    /// The backend's settings, all under <c>DurableTask:</c> (local host only; Functions reads host.json). Public so
    /// that the load harness runs its bare orchestration on exactly the same settings as the product.
    /// </summary>
    public static AzureStorageOrchestrationServiceSettings Settings(IConfiguration configuration, ILoggerFactory loggerFactory, StorageCallCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = configuration["TaskHubName"] ?? "CitizenServicesLocal",
            StorageAccountClientProvider = StorageProvider(configuration, counter),
            // Locally every step would otherwise wait up to 30 s for the next queue poll.
            MaxQueuePollingInterval = configuration.GetValue("DurableTask:MaxQueuePollingInterval", TimeSpan.FromSeconds(1)),
            ControlQueueVisibilityTimeout = configuration.GetValue("DurableTask:ControlQueueVisibilityTimeout", TimeSpan.FromMinutes(5)),
            WorkItemQueueVisibilityTimeout = configuration.GetValue("DurableTask:WorkItemQueueVisibilityTimeout", TimeSpan.FromMinutes(5)),
            PartitionCount = configuration.GetValue("DurableTask:PartitionCount", 4),
            // Extended sessions keep an instance's history in memory between episodes: fewer history reads per step.
            ExtendedSessionsEnabled = configuration.GetValue("DurableTask:ExtendedSessions", false),
            LoggerFactory = loggerFactory,
        };
        // The Functions host's default (maxConcurrentActivityFunctions: 10 per core), not the backend's own 10: the
        // product's activities wait on storage and SMTP, so ten at a time left both cores idle under load.
        settings.MaxConcurrentTaskActivityWorkItems = configuration.GetValue("DurableTask:MaxConcurrentActivities", 10 * Environment.ProcessorCount);

        if (configuration.GetValue<int?>("DurableTask:MaxConcurrentOrchestrations") is { } orchestrations)
        {
            settings.MaxConcurrentTaskOrchestrationWorkItems = orchestrations;
        }

        if (configuration.GetValue<int?>("DurableTask:ControlQueueBatchSize") is { } batch)
        {
            settings.ControlQueueBatchSize = batch;
        }

        return settings;
    }

    /// <summary>Same choice as the app's own clients: a connection string (Azurite), or service URIs and an identity.</summary>
    private static StorageAccountClientProvider StorageProvider(IConfiguration configuration, StorageCallCounter? counter)
    {
        if (configuration[StorageClients.ConnectionName] is { Length: > 0 } connectionString)
        {
            if (counter is null)
            {
                return new StorageAccountClientProvider(connectionString);
            }

            // The backend's own client options take the counting policy: its calls are counted where they are sent,
            // apart from the product's, without a proxy in front of the storage.
            return new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connectionString, StorageClients.Counted(new Azure.Storage.Blobs.BlobClientOptions(), counter, StorageService.Blob)),
                StorageServiceClientProvider.ForQueue(connectionString, StorageClients.Counted(new Azure.Storage.Queues.QueueClientOptions(), counter, StorageService.Queue)),
                StorageServiceClientProvider.ForTable(connectionString, StorageClients.Counted(new Azure.Data.Tables.TableClientOptions(), counter, StorageService.Table)));
        }

        var section = configuration.GetSection(StorageClients.ConnectionName);
        Uri Service(string name) => new(section[name] ?? throw new InvalidOperationException($"{StorageClients.ConnectionName}__{name} is not set."));
        return new StorageAccountClientProvider(
            Service("blobServiceUri"),
            Service("queueServiceUri"),
            Service("tableServiceUri"),
            StorageClients.Credential(section["credential"], section["clientId"]));
    }

    public async ValueTask DisposeAsync()
    {
        // The backend first, and to the end. The gRPC server's own stopping callback stops it too, but StopAsync does
        // not wait for it: when this method left the backend to that callback, its queue polls, lease renewals and
        // prefetches went on after the sidecar was gone (seen in the load harness, where the bare orchestration's
        // backend kept polling Azurite through the product's run). Stopping it from here at the same time as that callback raced inside the backend
        // (AppLeaseManager.StopAsync nulls its token source while the other call uses it: a NullReferenceException
        // on a thread-pool thread ended the load harness once); after ours has completed, the callback's stop finds
        // nothing left to do. Stopping also releases the partition leases.
        await backend.StopAsync(isForced: true);
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
