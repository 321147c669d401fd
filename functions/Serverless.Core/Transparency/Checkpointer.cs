using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Platform.Storage;

namespace Serverless.Core.Transparency;

/// <summary>
/// Signs a new checkpoint for every commune whose log grew since its last one, archives it in the write-once
/// <c>audit-archive</c> container (time-based immutability in Azure) and makes it the one served. Run by a timer
/// (Functions) or a loop (local host); a checkpoint needs only the head row, never a read of the leaves.
/// </summary>
/// Before signing, it appends the leaves of audit rows that a step committed and died before logging (decision 0012).
public sealed partial class Checkpointer(TransparencyLog log, LogSigningKey key, StorageClients storage, ProcedureCatalog catalog, TimeProvider clock, ILogger<Checkpointer> logger, AuditTrail audit)
{
    /// <summary>How old an unlogged audit row must be before the sweep logs it: its own step logs it within moments.</summary>
    public static readonly TimeSpan UnloggedGrace = TimeSpan.FromMinutes(1);

    public static string ArchiveBlobName(string commune, long size) => $"{commune}/checkpoints/{size:D12}.txt";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await audit.SweepUnloggedAsync(UnloggedGrace, clock.GetUtcNow(), cancellationToken) is > 0 and var logged)
        {
            LogSwept(logged);
        }

        foreach (var commune in catalog.Communes)
        {
            await CheckpointAsync(commune.Id, cancellationToken);
        }
    }

    /// <summary>The commune's checkpoint after this run: a new one when the log grew, else the latest.</summary>
    public async Task<StoredCheckpoint?> CheckpointAsync(string commune, CancellationToken cancellationToken)
    {
        var head = await log.ReadHeadAsync(commune, cancellationToken);
        var latest = await log.LatestCheckpointAsync(commune, cancellationToken);
        if (head.Size == 0 || (latest is not null && latest.Size >= head.Size))
        {
            return latest;
        }

        var note = SignedNote.Sign(new Checkpoint(log.Origin(commune), head.Size, head.Root), key.Key);
        var checkpoint = new StoredCheckpoint(head.Size, note, clock.GetUtcNow());

        // Archive first: a checkpoint is served only once it is in the write-once container.
        var blob = storage.Container(StorageNames.AuditArchiveContainer).GetBlobClient(ArchiveBlobName(commune, head.Size));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(note), new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All }, HttpHeaders = new() { ContentType = "text/plain; charset=utf-8" } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Already archived (Ed25519 is deterministic: the same size and root give the same note).
        }

        await log.SaveCheckpointAsync(commune, checkpoint, cancellationToken);
        LogSigned(commune, head.Size);
        return checkpoint;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries committed without their leaf (a step died after its transaction): appended")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint of {Commune} signed at size {Size}")]
    private partial void LogSigned(string commune, long size);
}
