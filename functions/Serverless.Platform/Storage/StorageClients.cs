using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Serverless.Platform.Storage;

/// <summary>
/// Builds the Blob and Table clients from the same setting the Functions host uses (<c>AzureWebJobsStorage</c>):
/// a connection string locally (Azurite), or service URIs with a managed identity in Azure.
/// </summary>
public sealed class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <param name="configuration">The host's settings.</param>
    /// <param name="counters">Given only when <see cref="StorageCallCounter.Setting"/> asks for it (the call-count test).</param>
    public StorageClients(IConfiguration configuration, StorageCallCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var blobOptions = Counted(new BlobClientOptions(), counters?.Product, StorageService.Blob);
        var tableOptions = Counted(new TableClientOptions(), counters?.Product, StorageService.Table);
        var queueOptions = Counted(QueueOptions, counters?.Product, StorageService.Queue);
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Tables = new TableServiceClient(connectionString, tableOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            return;
        }

        var section = configuration.GetSection(ConnectionName);
        var blobUri = section["blobServiceUri"];
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (string.IsNullOrWhiteSpace(blobUri) || string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(queueUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {ConnectionName} (connection string) or {ConnectionName}__blobServiceUri, {ConnectionName}__queueServiceUri and {ConnectionName}__tableServiceUri.");
        }

        var credential = Credential(section["credential"], section["clientId"]);
        Blobs = new BlobServiceClient(new Uri(blobUri), credential, blobOptions);
        Tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
        Queues = new QueueServiceClient(new Uri(queueUri), credential, queueOptions);
    }

    /// <summary>The options with the counter's policy added, when there is a counter; unchanged otherwise.</summary>
    public static T Counted<T>(T options, StorageCallCounter? counter, StorageService service)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        if (counter is not null)
        {
            options.AddPolicy(counter.Policy(service), HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    /// <summary>Base64 messages, as the Functions queue trigger reads them by default.</summary>
    private static QueueClientOptions QueueOptions => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>The identity named by <c>AzureWebJobsStorage__credential</c> (and <c>__clientId</c>), as the Functions host reads it.</summary>
    public static TokenCredential Credential(string? kind, string? clientId) => kind switch
    {
        "managedidentity" => new ManagedIdentityCredential(
            string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId)),
        "azurecli" => new AzureCliCredential(),
        _ => new DefaultAzureCredential(),
    };
}
