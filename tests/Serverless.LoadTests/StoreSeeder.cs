using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Serverless.LoadTests;

/// <summary>How the store was seeded, and how long it took (never part of a measured window).</summary>
public sealed record SeedFigures(int Applications, int TemplateApplications, int Rows, int Blobs, double Seconds, IReadOnlyDictionary<string, int> RowsPerTable);

/// <summary>
/// Fills the store with decided applications quickly, in the shapes the product writes. A few applications went
/// through the product first (submitted, approved through the e-mail link, certified, their instances purged); every
/// table row and blob of theirs whose key holds their reference is a template. Each seeded application copies one
/// template application with a new reference put in place of the old one in the keys, the blob names and every text
/// value (the orchestration instance id <c>application-REF</c> included), written with batched upserts (one
/// entity-group transaction per partition, 100 rows at most) and parallel blob uploads. Rows keyed by something else
/// (a commune's transparency log, counters, a certificate number) are not copied: copying them would break the
/// sequences they hold. The task hub's own tables and containers are left out: in steady state a decided application's
/// instance has been purged. Queues are not seeded: their messages are consumed, so a steady store holds none.
/// </summary>
public static partial class StoreSeeder
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int ApplicationsPerChunk = 250;
    private const int Parallelism = 8;

    public static async Task<(SeedFigures Figures, IReadOnlyList<string> Templates)> SeedAsync(string connectionString, string taskHub, int applications, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var tables = new TableServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString);
        var hub = taskHub.ToLowerInvariant();

        var rowTemplates = new List<(string Table, string Reference, TableEntity Row)>();
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                if (ReferenceShape().Match(row.PartitionKey + " " + row.RowKey) is { Success: true } match)
                {
                    rowTemplates.Add((table.Name, match.Value, row));
                }
            }
        }

        var blobTemplates = new List<(string Container, string Reference, string Name, BinaryData Content, string? ContentType)>();
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            if (container.Name.StartsWith(hub, StringComparison.Ordinal))
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (ReferenceShape().Match(blob.Name) is { Success: true } match)
                {
                    var content = await client.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                    blobTemplates.Add((container.Name, match.Value, blob.Name, content.Value.Content, blob.Properties.ContentType));
                }
            }
        }

        var templates = rowTemplates.Select(template => template.Reference).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (applications == 0 || templates.Count == 0)
        {
            return (new SeedFigures(0, templates.Count, 0, 0, clock.Elapsed.TotalSeconds, new Dictionary<string, int>()), templates);
        }

        var rowsPerTable = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rowCount = 0;
        var blobCount = 0;
        for (var first = 0; first < applications; first += ApplicationsPerChunk)
        {
            var rows = new List<(string Table, TableEntity Row)>();
            var files = new List<(string Container, string Name, BinaryData Content, string? ContentType)>();
            for (var index = first; index < Math.Min(applications, first + ApplicationsPerChunk); index++)
            {
                var template = templates[index % templates.Count];
                var reference = NewReference(template);
                rows.AddRange(rowTemplates.Where(row => row.Reference == template).Select(row => (row.Table, Copy(row.Row, template, reference))));
                files.AddRange(blobTemplates.Where(blob => blob.Reference == template).Select(blob => (blob.Container, blob.Name.Replace(template, reference, StringComparison.Ordinal), blob.Content, blob.ContentType)));
            }

            var batches = rows
                .GroupBy(row => (row.Table, row.Row.PartitionKey))
                .SelectMany(partition => partition.Chunk(100).Select(chunk => (partition.Key.Table, Rows: chunk.Select(row => row.Row).ToList())))
                .ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (batch, token) =>
                await tables.GetTableClient(batch.Table).SubmitTransactionAsync(batch.Rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, token) =>
                await blobs.GetBlobContainerClient(file.Container).GetBlobClient(file.Name).UploadAsync(file.Content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType } }, token));

            foreach (var (table, _) in rows)
            {
                rowsPerTable[table] = rowsPerTable.GetValueOrDefault(table) + 1;
            }

            rowCount += rows.Count;
            blobCount += files.Count;
            Console.Error.Write($"\rseeding the store: {Math.Min(applications, first + ApplicationsPerChunk)} of {applications} applications, {rowCount} rows, {blobCount} blobs");
        }

        Console.Error.WriteLine();
        return (new SeedFigures(applications, templates.Count, rowCount, blobCount, clock.Elapsed.TotalSeconds, rowsPerTable), templates);
    }

    /// <summary>The same row for another application: the reference replaced in its keys and in every text value.</summary>
    private static TableEntity Copy(TableEntity template, string from, string to)
    {
        var copy = new TableEntity(template.PartitionKey.Replace(from, to, StringComparison.Ordinal), template.RowKey.Replace(from, to, StringComparison.Ordinal));
        foreach (var (name, value) in template)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            copy[name] = value is string text ? text.Replace(from, to, StringComparison.Ordinal) : value;
        }

        return copy;
    }

    /// <summary>A reference of the same procedure and year; 30⁶ draws make a collision with a seeded one negligible.</summary>
    private static string NewReference(string template) => template[..^6] + RandomNumberGenerator.GetString(Alphabet, 6);

    [GeneratedRegex("\\b[A-Z]{2,6}-[0-9]{4}-[2-9A-HJKMNP-TV-Z]{6}\\b")]
    private static partial Regex ReferenceShape();
}
