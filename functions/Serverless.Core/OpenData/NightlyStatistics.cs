using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Usage;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;

namespace Serverless.Core.OpenData;

/// <summary>
/// The nightly run: for each commune, folds the new statistics and usage facts into their month aggregates, then
/// publishes the commune's statistics (CSV and JSON, secrecy applied) and the Table Schema to the public
/// <c>open-data</c> container. Safe to run twice or on two instances at once: folding is idempotent per fact, and
/// publishing rewrites the same files from the same aggregates.
/// </summary>
public sealed partial class NightlyStatistics(
    StatisticsLedger statistics,
    UsageMeter usage,
    ProcedureCatalog catalog,
    StorageClients storage,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<NightlyStatistics> logger)
{
    public static string CsvBlob(string communeId) => $"{communeId}/statistics.csv";

    public static string JsonBlob(string communeId) => $"{communeId}/statistics.json";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var container = storage.Container(StorageNames.OpenDataContainer);
        await UploadAsync(container, OpenDataSchema.FileName, OpenDataSchema.Json, "application/json; charset=utf-8", cancellationToken);
        foreach (var commune in catalog.Communes.OrderBy(commune => commune.Id, StringComparer.Ordinal))
        {
            var folded = await statistics.Ledger.FoldAsync(commune.Id, cancellationToken);
            var usageFolded = await usage.Ledger.FoldAsync(commune.Id, cancellationToken);
            var aggregates = await statistics.Ledger.ReadAsync(commune.Id, cancellationToken);
            var published = StatisticsTable.Build(commune, catalog, aggregates, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), urls.Value.Api(Routes.OpenDataSchema));
            await UploadAsync(container, CsvBlob(commune.Id), StatisticsFormats.Csv(published), "text/csv; charset=utf-8", cancellationToken);
            await UploadAsync(container, JsonBlob(commune.Id), StatisticsFormats.ToJson(published), "application/json; charset=utf-8", cancellationToken);
            LogPublished(commune.Id, folded, usageFolded, published.Rows.Count);
        }
    }

    private static async Task UploadAsync(Azure.Storage.Blobs.BlobContainerClient container, string name, string content, string contentType, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(Encoding.UTF8.GetBytes(content)),
            new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Open data for {CommuneId}: {Folded} statistics facts and {UsageFolded} usage facts folded, {Rows} rows published")]
    private partial void LogPublished(string communeId, int folded, int usageFolded, int rows);
}
