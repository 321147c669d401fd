using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Keeps the back office's index rows equal to the application rows. Each application has one index row (see
/// <see cref="IndexEntry"/>) and one locator row (<c>{commune}|locator</c>, row key = reference) naming where its
/// index row is, so a change of status or due date moves the row instead of leaving a stale one behind.
/// <see cref="RefreshAsync"/> re-reads the application and makes its rows match; it is idempotent, and two refreshes
/// racing each other converge: the locator is written with its ETag, the loser of a race runs again and removes any
/// row it wrote that is not the final one.
/// </summary>
public sealed class ApplicationIndex(StorageClients storage, ApplicationLoader loader)
{
    private const int MaxAttempts = 8;

    private readonly TableClient table = storage.Table(StorageNames.BackOfficeIndexTable);

    public static string LocatorPartition(string communeId) => $"{communeId}|locator";

    public Task RefreshAsync(string reference, CancellationToken cancellationToken) =>
        RefreshAsync(reference, likelyUnlisted: false, cancellationToken);

    /// <summary>
    /// As <see cref="RefreshAsync(string, CancellationToken)"/>; <paramref name="likelyUnlisted"/> (the application's
    /// first status change) skips reading a locator that should not exist yet: the locator is then inserted
    /// conditionally, and if one exists after all the insert answers 409 and the refresh runs again the usual way.
    /// </summary>
    public Task RefreshAsync(string reference, bool likelyUnlisted, CancellationToken cancellationToken) =>
        RefreshAsync(reference, known: null, likelyUnlisted, cancellationToken);

    /// <summary>
    /// As <see cref="RefreshAsync(string, bool, CancellationToken)"/>, from <paramref name="known"/> (the row a status
    /// change has just written, which its observer holds) instead of reading the application first. Only the first
    /// attempt uses it: an attempt that loses the locator's race reads the application as usual. The row is as fresh
    /// as a read made at the start of the refresh would be (the status writer wrote it a moment before).
    /// </summary>
    public async Task RefreshAsync(string reference, ApplicationRecord? known, bool likelyUnlisted, CancellationToken cancellationToken)
    {
        var written = new List<(string Pk, string Rk)>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var application = attempt == 0 && known is not null
                ? await loader.LoadAsync(known, cancellationToken)
                : await loader.FindAsync(reference, cancellationToken);
            if (application is null)
            {
                // No row, or its procedure version is gone: nothing to list (rows written by an earlier attempt go too).
                await DeleteAllAsync(written, cancellationToken);
                return;
            }

            var entry = IndexEntry.From(application);
            var locator = attempt == 0 && likelyUnlisted ? null : await FindLocatorAsync(entry.CommuneId, reference, cancellationToken);
            await table.UpsertEntityAsync(entry.ToEntity(), TableUpdateMode.Replace, cancellationToken);
            written.Add((entry.PartitionKey, entry.RowKey));
            if (await TryWriteLocatorAsync(entry, locator, cancellationToken))
            {
                if (locator is not null)
                {
                    written.Add((locator.GetString("IndexPartition"), locator.GetString("IndexRow")));
                }

                await DeleteAllAsync(written.Where(key => key != (entry.PartitionKey, entry.RowKey)), cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException($"Application {reference}: its index kept changing during {MaxAttempts} attempts.");
    }

    private async Task<TableEntity?> FindLocatorAsync(string communeId, string reference, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(LocatorPartition(communeId), reference, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Every application's index row as stored, for a commune (tests compare a rebuilt index with the live one).</summary>
    public async Task<IReadOnlyList<TableEntity>> RowsOfAsync(string communeId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {communeId + "|"} and PartitionKey lt {communeId + "}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Removes an index row that no locator points to (the rebuild's sweep).</summary>
    public async Task<bool> RemoveIfOrphanAsync(TableEntity row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.PartitionKey.EndsWith("|locator", StringComparison.Ordinal))
        {
            return false;
        }

        var commune = row.PartitionKey[..row.PartitionKey.IndexOf('|', StringComparison.Ordinal)];
        var locator = await table.GetEntityIfExistsAsync<TableEntity>(LocatorPartition(commune), row.GetString("Reference"), cancellationToken: cancellationToken);
        if (locator.HasValue && locator.Value!.GetString("IndexPartition") == row.PartitionKey && locator.Value.GetString("IndexRow") == row.RowKey)
        {
            return false;
        }

        await DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken);
        return true;
    }

    /// <summary>The locator row of an entry: where its index row is.</summary>
    public static TableEntity Locator(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TableEntity(LocatorPartition(entry.CommuneId), entry.Reference) { ["IndexPartition"] = entry.PartitionKey, ["IndexRow"] = entry.RowKey, ["Reference"] = entry.Reference };
    }

    private async Task<bool> TryWriteLocatorAsync(IndexEntry entry, TableEntity? locator, CancellationToken cancellationToken)
    {
        var row = Locator(entry);
        try
        {
            if (locator is null)
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(row, locator.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another refresh of the same application won the locator: read everything again.
            return false;
        }
    }

    private async Task DeleteAllAsync(IEnumerable<(string Pk, string Rk)> keys, CancellationToken cancellationToken)
    {
        foreach (var (pk, rk) in keys.Distinct().ToList())
        {
            await DeleteAsync(pk, rk, cancellationToken);
        }
    }

    private async Task DeleteAsync(string pk, string rk, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already gone.
        }
    }
}

/// <summary>
/// The index follows every status change: <see cref="ApplicationStatusWriter"/> calls this after each write (and again
/// on a retried step), and <see cref="ApplicationIndex.RefreshAsync"/> is idempotent, so the list never disagrees
/// with the applications for longer than the step takes.
/// </summary>
public sealed class IndexStatusObserver(ApplicationIndex index) : IStatusChangeObserver
{
    public Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        // The first move out of Received is the application's first listing: its locator is not read first.
        // From the row the status writer has just written: no read of the application.
        return index.RefreshAsync(changed.Reference, ApplicationRecord.FromEntity(changed.Row), likelyUnlisted: changed.From == ApplicationStatus.Received && !changed.IsRepeat, cancellationToken);
    }
}
