using Azure;
using Azure.Data.Tables;

namespace Serverless.Platform.Storage;

/// <summary>Deletes the rows of a table whose <c>ExpiresAt</c> has passed (sessions, sign-ins in progress).</summary>
public static class ExpiredRows
{
    public static async Task DeleteAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var filter = TableClient.CreateQueryFilter($"ExpiresAt lt {now}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Deleted meanwhile (signed out).
            }
        }
    }
}
