using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Serverless.LoadTests;

/// <summary>
/// The floor a submission stands on: one table row (the size of an application row) and one blob (the size of the
/// form's PDF), written one after the other by each operation, from this process to the same Azurite, at the same
/// concurrency as the submissions.
/// </summary>
public static class RawLimits
{
    public static async Task<(double PerSecond, SampleSet Samples)> RowAndBlobPairsAsync(string connectionString, int count, int concurrency)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("LoadRawPairs");
        await table.CreateIfNotExistsAsync();
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient("load-raw-pairs");
        await container.CreateIfNotExistsAsync();
        var proof = "%PDF-1.4\n% justificatif de domicile (harnais de charge)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var values = new string('x', 1200);
        return await ClosedLoop.RunAsync(count, concurrency, async index =>
        {
            var key = Guid.NewGuid().ToString("N");
            await table.AddEntityAsync(new TableEntity(key, "application") { ["ValuesJson"] = values });
            await container.GetBlobClient($"{key}/proof.pdf").UploadAsync(new BinaryData(proof));
        });
    }
}
