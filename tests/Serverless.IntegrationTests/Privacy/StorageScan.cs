using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using UglyToad.PdfPig;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>What a scan read, and where it found any of the markers.</summary>
public sealed record ScanReport(int Tables, int Rows, int Containers, int Blobs, int Queues, int Messages, IReadOnlyList<string> Found)
{
    public override string ToString() =>
        $"scanned {Tables} tables ({Rows} rows), {Containers} containers ({Blobs} blobs), {Queues} queues ({Messages} messages): {Found.Count} marker(s) found"
        + (Found.Count == 0 ? string.Empty : ":\n" + string.Join('\n', Found));
}

/// <summary>
/// Reads everything a storage account holds — every table (the Durable task hub's History and Instances included),
/// every blob of every container, every queue's visible messages — and looks for markers: in text as stored, case
/// folded, in gzip-compressed payloads (the task hub's large messages), in base64 queue messages, and in the text of
/// PDF files (whose text streams are compressed and whose glyphs are not plain text).
/// </summary>
public static class StorageScan
{
    public static async Task<ScanReport> RunAsync(string connectionString, IReadOnlyDictionary<string, string> markers, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        int tables = 0, rows = 0, containers = 0, blobs = 0, queues = 0, messages = 0;
        void Look(string place, string text)
        {
            foreach (var (label, marker) in markers)
            {
                if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{label} ({marker}) in {place}");
                }
            }
        }

        var tableService = new TableServiceClient(connectionString);
        await foreach (var table in tableService.QueryAsync(cancellationToken: cancellationToken))
        {
            tables++;
            await foreach (var entity in tableService.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                rows++;
                foreach (var (key, value) in entity)
                {
                    var place = $"table {table.Name} ({entity.PartitionKey} / {entity.RowKey}) column {key}";
                    switch (value)
                    {
                        case string text:
                            Look(place, text);
                            break;
                        case byte[] bytes:
                            Look(place, Decode(bytes));
                            break;
                    }
                }

                Look($"table {table.Name} keys", entity.PartitionKey + " " + entity.RowKey);
            }
        }

        var blobService = new BlobServiceClient(connectionString);
        await foreach (var container in blobService.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            containers++;
            var client = blobService.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                blobs++;
                Look($"blob name {container.Name}/{blob.Name}", blob.Name);
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                Look($"blob {container.Name}/{blob.Name}", Decode(content));
            }
        }

        var queueService = new QueueServiceClient(connectionString);
        await foreach (var queue in queueService.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            queues++;
            // Peeking leaves the messages to their consumers; 32 is the most a peek returns, more than any product queue
            // holds at rest.
            foreach (var message in (await queueService.GetQueueClient(queue.Name).PeekMessagesAsync(32, cancellationToken)).Value)
            {
                messages++;
                var text = message.Body.ToString();
                Look($"queue {queue.Name} message {message.MessageId}", text);
                if (TryBase64(text) is { } decoded)
                {
                    Look($"queue {queue.Name} message {message.MessageId} (base64)", Decode(decoded));
                }
            }
        }

        return new ScanReport(tables, rows, containers, blobs, queues, messages, found);
    }

    /// <summary>The bytes as text, a gzip payload inflated, a PDF as its extracted text and its raw bytes.</summary>
    private static string Decode(byte[] bytes)
    {
        var raw = Encoding.UTF8.GetString(bytes);
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            gzip.CopyTo(inflated);
            return raw + "\n" + Decode(inflated.ToArray());
        }

        if (raw.StartsWith("%PDF", StringComparison.Ordinal))
        {
            try
            {
                using var pdf = PdfDocument.Open(bytes);
                return raw + "\n" + string.Join('\n', pdf.GetPages().Select(page => page.Text));
            }
            catch (Exception exception) when (exception is UglyToad.PdfPig.Core.PdfDocumentFormatException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
            {
                // Not a PDF PdfPig can read (the test's own minimal "PDF" attachments): the raw bytes were looked at.
                return raw;
            }
        }

        return raw;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
