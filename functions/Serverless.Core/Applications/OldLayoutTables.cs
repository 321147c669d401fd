using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Applications;

/// <summary>How many applications still keep rows in the tables of before decision 0012, and which ones.</summary>
/// <param name="Applications">Application rows read.</param>
/// <param name="InOldTables">Applications of layout 0 not erased: their audit trail, outbox and decisions are in the old tables.</param>
/// <param name="First">The first of them, by reference (at most the number asked for).</param>
public sealed record OldLayoutCensus(int Applications, int InOldTables, IReadOnlyList<string> First)
{
    /// <summary>No application needs the old tables any more: an operator may delete them.</summary>
    public bool TablesCanGo => InOldTables == 0;
}

/// <summary>
/// Says when the tables of before decision 0012 — <c>AuditTrail</c>, <c>Outbox</c>, <c>ReviewDecisions</c> — can be
/// deleted: once every application of layout 0 (whose rows are there, never copied: decision 0012, "Migration") has
/// been erased at the end of its retention period, so that nothing the product still reads or must still erase is in
/// them. One scan of the application rows (their reference, layout and erasure date only), run by an operator
/// (<c>scripts/old-tables.sh</c>), not on a timer.
/// </summary>
public sealed class OldLayoutTables(StorageClients storage)
{
    public static readonly IReadOnlyList<string> Tables = [StorageNames.AuditTrailTable, StorageNames.OutboxTable, StorageNames.ReviewDecisionsTable];

    public async Task<OldLayoutCensus> CountAsync(int listAtMost, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.ApplicationsTable);
        var applications = 0;
        var inOldTables = 0;
        var first = new List<string>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ApplicationRecord.RowKeyValue}");
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", nameof(ApplicationRecord.Layout), nameof(ApplicationRecord.ErasedAt)], cancellationToken: cancellationToken))
            {
                applications++;
                // A row written before the layout existed has no Layout column: layout 0.
                if ((row.GetInt32(nameof(ApplicationRecord.Layout)) ?? 0) < ApplicationRecord.PartitionLayout && row.GetDateTimeOffset(nameof(ApplicationRecord.ErasedAt)) is null)
                {
                    inOldTables++;
                    if (first.Count < listAtMost)
                    {
                        first.Add(row.PartitionKey);
                    }
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No Applications table: a deployment that never stored an application.
        }

        return new OldLayoutCensus(applications, inOldTables, first);
    }
}
