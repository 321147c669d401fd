using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Recomputes the back office's index from the applications (after a restore, a bug, or when upgrading a deployment
/// that had applications before the index existed): every application is refreshed, then every index row that no
/// locator points to is removed. Safe to run while the service runs (refreshes are idempotent and race-safe).
/// Run it with <c>scripts/rebuild-index.sh</c> (the <c>Serverless.BackOfficeTool rebuild-index</c> command).
/// </summary>
public sealed class IndexRebuilder(StorageClients storage, ApplicationIndex index)
{
    public sealed record Result(int Applications, int OrphansRemoved);

    public async Task<Result> RebuildAsync(int parallelism, CancellationToken cancellationToken)
    {
        var applications = storage.Table(StorageNames.ApplicationsTable);
        var references = new List<string>();
        await foreach (var row in applications.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {ApplicationRecord.RowKeyValue}"), select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            references.Add(row.PartitionKey);
        }

        await Parallel.ForEachAsync(
            references,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (reference, token) => await index.RefreshAsync(reference, token));

        var orphans = 0;
        var indexTable = storage.Table(StorageNames.BackOfficeIndexTable);
        await foreach (var row in indexTable.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Reference"], cancellationToken: cancellationToken))
        {
            if (await index.RemoveIfOrphanAsync(row, cancellationToken))
            {
                orphans++;
            }
        }

        return new Result(references.Count, orphans);
    }
}
