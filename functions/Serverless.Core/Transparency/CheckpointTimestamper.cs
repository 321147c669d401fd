using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Storage;

namespace Serverless.Core.Transparency;

/// <summary>
/// Once a day, the latest checkpoint of each commune (signed just before, so the day's last) gets an RFC 3161
/// timestamp from the configured authority: a third party's proof that the log had this root at that time. The token
/// is checked (hash, nonce, signature) and kept beside the checkpoint in the write-once archive.
/// </summary>
public sealed partial class CheckpointTimestamper(
    TransparencyLog log,
    Checkpointer checkpointer,
    StorageClients storage,
    ProcedureCatalog catalog,
    IOptions<TransparencyOptions> options,
    IHttpClientFactory http,
    ILogger<CheckpointTimestamper> logger)
{
    public static string ArchiveBlobName(string commune, long size) => $"{commune}/timestamps/{size:D12}.tsr";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.TimestampAuthorityUrl))
        {
            LogOff();
            return;
        }

        foreach (var commune in catalog.Communes)
        {
            await checkpointer.CheckpointAsync(commune.Id, cancellationToken);
            await TimestampAsync(commune.Id, cancellationToken);
        }
    }

    /// <summary>The token of the commune's latest checkpoint: requested now, or the one already archived; null when there is no checkpoint.</summary>
    public async Task<byte[]?> TimestampAsync(string commune, CancellationToken cancellationToken)
    {
        if (await log.LatestCheckpointAsync(commune, cancellationToken) is not { } checkpoint)
        {
            return null;
        }

        var blob = storage.Container(StorageNames.AuditArchiveContainer).GetBlobClient(ArchiveBlobName(commune, checkpoint.Size));
        if (await blob.ExistsAsync(cancellationToken))
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }

        var data = Encoding.UTF8.GetBytes(checkpoint.Note);
        using var client = http.CreateClient(nameof(CheckpointTimestamper));
        var token = await Rfc3161Exchange.RequestAsync(client, new Uri(options.Value.TimestampAuthorityUrl), data, cancellationToken);

        // The signature must cover exactly this checkpoint.
        if (!token.VerifySignatureForData(data, out _))
        {
            throw new CryptographicException($"The timestamp authority's token for {commune} at size {checkpoint.Size} does not verify.");
        }

        var encoded = token.AsSignedCms().Encode();
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(encoded), new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All }, HttpHeaders = new() { ContentType = "application/timestamp-reply" } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another instance archived its token for the same checkpoint first: keep that one.
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }

        LogStamped(commune, checkpoint.Size, token.TokenInfo.Timestamp);
        return encoded;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transparency__TimestampAuthorityUrl is empty: checkpoints are not timestamped")]
    private partial void LogOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint of {Commune} at size {Size} timestamped at {Time}")]
    private partial void LogStamped(string commune, long size, DateTimeOffset time);
}
