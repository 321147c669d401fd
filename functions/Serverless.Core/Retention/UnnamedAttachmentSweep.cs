using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Retention;

/// <summary>
/// Removes the attachments that no application names, found in the container itself rather than from a record of
/// what was written: a submission stores its files together with its start request (<see cref="Submission.ApplicationIntake"/>),
/// so a process that dies then can leave files whose start request never landed; a rollback or an erasure that failed
/// half-way can leave some too. A reference's files are removed when they are at least <see cref="MinimumAge"/> old
/// (every submission still in flight has stored its row or been rolled back by then, and the request sweeper has
/// had its turn) and their reference has no application row, or one that was erased, and no start request. A row
/// that exists keeps every file under its reference, named by it or not: a correction stores its files before the
/// workflow names them. Files older than <see cref="Window"/> are not looked at: earlier runs did (a daily timer,
/// <c>RemoveUnnamedAttachments</c>). A run lists every file's name (5,000 a call) and reads the rows of the references
/// with files of the last week only.
/// </summary>
public sealed partial class UnnamedAttachmentSweep(
    StorageClients storage,
    ApplicationRepository applications,
    PendingRequests pending,
    TimeProvider clock,
    ILogger<UnnamedAttachmentSweep> logger)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>References looked at in one run: a flood is finished over the next runs, not in one long one.</summary>
    private const int MaxReferencesPerRun = 5000;

    /// <summary>Returns how many files were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var container = storage.Container(StorageNames.AttachmentsContainer);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return 0;
        }

        var byReference = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
        {
            var stored = blob.Properties.CreatedOn ?? blob.Properties.LastModified;
            var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
            if (stored is null || now - stored < MinimumAge || now - stored > Window || slash <= 0)
            {
                continue;
            }

            var reference = blob.Name[..slash];
            if (!byReference.TryGetValue(reference, out var names))
            {
                if (byReference.Count == MaxReferencesPerRun)
                {
                    continue;
                }

                byReference[reference] = names = [];
            }

            names.Add(blob.Name);
        }

        var removed = 0;
        foreach (var (reference, names) in byReference)
        {
            if (await applications.FindAsync(reference, cancellationToken) is { ErasedAt: null }
                || await pending.ExistsAsync(reference, RequestKind.Start, 0, cancellationToken))
            {
                continue;
            }

            foreach (var name in names)
            {
                await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }

            removed += names.Count;
            LogRemoved(reference, names.Count);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} attachment(s) stored under {Reference}, which no application names")]
    private partial void LogRemoved(string reference, int count);
}
