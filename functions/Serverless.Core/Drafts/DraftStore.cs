using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.Drafts;

/// <summary>Draft rows (table <c>Drafts</c>, one partition per draft) and their files (container <c>drafts</c>, prefix = draft id).</summary>
public sealed class DraftStore(StorageClients storage, BlobFiles files)
{
    private readonly TableClient table = storage.Table(StorageNames.DraftsTable);

    public async Task AddAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await table.AddEntityAsync(draft, cancellationToken);
    }

    public async Task<DraftRecord?> FindAsync(string draftId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<DraftRecord>(draftId, DraftRecord.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Writes the draft back if nobody changed it meanwhile (two tabs on one draft: the second is told to reload).</summary>
    public async Task<bool> TryReplaceAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        try
        {
            var response = await table.UpdateEntityAsync(draft, draft.ETag, TableUpdateMode.Replace, cancellationToken);
            draft.ETag = response.Headers.ETag ?? draft.ETag;
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    public async Task<string> StoreFileAsync(string draftId, byte[] content, string contentType, string extension, CancellationToken cancellationToken)
    {
        var blobName = $"{draftId}/{Guid.NewGuid():N}{extension}";
        await files.UploadAsync(StorageNames.DraftsContainer, blobName, content, contentType, cancellationToken);
        return blobName;
    }

    public Task<byte[]?> ReadFileAsync(string blobName, CancellationToken cancellationToken) =>
        files.DownloadAsync(StorageNames.DraftsContainer, blobName, cancellationToken);

    public Task DeleteFileAsync(string blobName, CancellationToken cancellationToken) =>
        files.DeleteAsync(StorageNames.DraftsContainer, blobName, cancellationToken);

    /// <summary>The files first, then the row: a crash in between leaves a row the next sweep deletes again.</summary>
    public async Task DeleteAsync(string draftId, CancellationToken cancellationToken)
    {
        await files.DeletePrefixAsync(StorageNames.DraftsContainer, draftId + "/", cancellationToken);
        await table.DeleteEntityAsync(draftId, DraftRecord.Row, ETag.All, cancellationToken);
    }

    /// <summary>Every draft (the sweeper's pass; drafts live weeks, so the table stays small).</summary>
    public IAsyncEnumerable<DraftRecord> AllAsync(CancellationToken cancellationToken) =>
        table.QueryAsync<DraftRecord>(cancellationToken: cancellationToken);

    public static string Serialize(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    public static string Serialize(IReadOnlyList<StoredAttachment> attachments) => JsonSerializer.Serialize(attachments);
}
