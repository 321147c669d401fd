using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Serverless.FaultHarness.Analysis;

/// <summary>
/// What storage holds after a run, read black-box: certificate numbers per reference (<c>Certificates</c>, partition =
/// number, column <c>Reference</c>), certificate PDFs per reference (<c>certificates/{reference}/…pdf</c>), hash rows
/// per number (<c>CertificateHashes</c>, column <c>Number</c>), application rows and their attachment blobs, and the
/// signature circuit's decision documents (<c>certificates/{reference}/decision/…pdf</c>, and the row's
/// <c>DecisionDocument</c> column naming the signed one). A payment's receipt (<c>certificates/{reference}/payment-receipt.pdf</c>)
/// is not a certificate PDF.
/// </summary>
public sealed record StorageSnapshot(
    IReadOnlyDictionary<string, IReadOnlySet<string>> CertificateNumbers,
    IReadOnlyDictionary<string, int> CertificateBlobs,
    IReadOnlyDictionary<string, int> HashRowsByNumber,
    IReadOnlySet<string> ApplicationRows,
    IReadOnlySet<string> AttachmentReferences,
    IReadOnlyDictionary<string, IReadOnlyList<DecisionDocumentFacts>> DecisionDocuments,
    IReadOnlyDictionary<string, string> SignedDecisionOf)
{
    public const string DecisionFolder = "/decision/";

    public const string PaymentReceiptName = "/payment-receipt.pdf";

    public static async Task<StorageSnapshot> ReadAsync(string connectionString)
    {
        var tables = new TableServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString);

        var numbers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(tables, "Certificates"))
        {
            if (row.GetString("Reference") is { } reference)
            {
                Add(numbers, reference, row.PartitionKey);
            }
        }

        var hashes = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(tables, "CertificateHashes"))
        {
            if (row.GetString("Number") is { } number)
            {
                hashes[number] = hashes.GetValueOrDefault(number) + 1;
            }
        }

        var applications = new HashSet<string>(StringComparer.Ordinal);
        var signedDecisions = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(tables, "Applications"))
        {
            applications.Add(row.PartitionKey);
            if (row.GetString("DecisionDocument") is { Length: > 0 } decision)
            {
                signedDecisions[row.PartitionKey] = decision;
            }
        }

        var certificateBlobs = new Dictionary<string, int>(StringComparer.Ordinal);
        var decisionBlobs = new Dictionary<string, List<DecisionDocumentFacts>>(StringComparer.Ordinal);
        var certificates = blobs.GetBlobContainerClient("certificates");
        await foreach (var name in BlobNamesAsync(blobs, "certificates"))
        {
            if (name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) && name.Contains('/', StringComparison.Ordinal))
            {
                var reference = name[..name.IndexOf('/', StringComparison.Ordinal)];
                if (name.EndsWith(PaymentReceiptName, StringComparison.Ordinal))
                {
                    // The payment's receipt (issue 28) lives beside the certificate: not a certificate PDF.
                    continue;
                }

                if (name.Contains(DecisionFolder, StringComparison.Ordinal))
                {
                    var content = await certificates.GetBlobClient(name).DownloadContentAsync();
                    decisionBlobs.TryAdd(reference, []);
                    decisionBlobs[reference].Add(DecisionDocumentFacts.Read(name, content.Value.Content.ToArray()));
                }
                else
                {
                    certificateBlobs[reference] = certificateBlobs.GetValueOrDefault(reference) + 1;
                }
            }
        }

        var attachments = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var name in BlobNamesAsync(blobs, "attachments"))
        {
            if (name.Contains('/', StringComparison.Ordinal))
            {
                attachments.Add(name[..name.IndexOf('/', StringComparison.Ordinal)]);
            }
        }

        return new StorageSnapshot(
            numbers.ToDictionary(pair => pair.Key, pair => (IReadOnlySet<string>)pair.Value, StringComparer.Ordinal),
            certificateBlobs,
            hashes,
            applications,
            attachments,
            decisionBlobs.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<DecisionDocumentFacts>)[.. pair.Value.OrderBy(facts => facts.BlobName, StringComparer.Ordinal)], StringComparer.Ordinal),
            signedDecisions);
    }

    public IReadOnlySet<string> NumbersOf(string reference) =>
        CertificateNumbers.TryGetValue(reference, out var set) ? set : new HashSet<string>();

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

    private static async IAsyncEnumerable<TableEntity> RowsAsync(TableServiceClient tables, string name)
    {
        var table = tables.GetTableClient(name);
        var rows = table.QueryAsync<TableEntity>().GetAsyncEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = await rows.MoveNextAsync();
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // The table was never created: nothing of that kind was written.
                more = false;
            }

            if (!more)
            {
                break;
            }

            yield return rows.Current;
        }

        await rows.DisposeAsync();
    }

    private static async IAsyncEnumerable<string> BlobNamesAsync(BlobServiceClient blobs, string container)
    {
        var client = blobs.GetBlobContainerClient(container);
        if (!await client.ExistsAsync())
        {
            yield break;
        }

        await foreach (var blob in client.GetBlobsAsync())
        {
            yield return blob.Name;
        }
    }
}
