using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.Drafts;

/// <summary>Draft rows (table <c>Drafts</c>, one partition per draft) and their files (container <c>drafts</c>, prefix = draft id).</summary>
public sealed class DraftStore(StorageClients storage, BlobFiles files, CitizenAccounts.CitizenApplications citizens)
{
    private readonly TableClient table = storage.Table(StorageNames.DraftsTable);

    /// <summary>Stores a new draft; one kept by a signed-in citizen is named in "Mes démarches" first (a crash between leaves a row that names nothing held, which the list skips).</summary>
    public async Task AddAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await NameForCitizenAsync(draft, cancellationToken);
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

    /// <summary>
    /// The files and the citizen's index row first, then the draft's row: a crash in between leaves a row the next
    /// sweep deletes again.
    /// </summary>
    public async Task DeleteAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await files.DeletePrefixAsync(StorageNames.DraftsContainer, draft.DraftId + "/", cancellationToken);
        await ForgetForCitizenAsync(draft, cancellationToken);
        await table.DeleteEntityAsync(draft.DraftId, DraftRecord.Row, ETag.All, cancellationToken);
    }

    /// <summary>A sent draft leaves "Mes démarches" (its application is listed there instead).</summary>
    public Task ForgetForCitizenAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.CitizenSub is { } sub ? citizens.RemoveDraftAsync(sub, draft.DraftId, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Names the draft in its citizen's "Mes démarches" (idempotent), before the draft's row says whose it is.</summary>
    public Task NameForCitizenAsync(DraftRecord draft, CancellationToken cancellationToken) =>
        draft.CitizenSub is { } sub ? citizens.AddDraftAsync(sub, draft.DraftId, draft.ProcedureId, draft.CreatedAt, cancellationToken) : Task.CompletedTask;

    /// <summary>Every draft (the sweeper's pass; drafts live weeks, so the table stays small).</summary>
    public IAsyncEnumerable<DraftRecord> AllAsync(CancellationToken cancellationToken) =>
        table.QueryAsync<DraftRecord>(cancellationToken: cancellationToken);

    public static string Serialize(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    public static string Serialize(IReadOnlyList<StoredAttachment> attachments) => JsonSerializer.Serialize(attachments);
}
