using Azure;
using Azure.Data.Tables;

namespace Serverless.Core.Applications;

/// <summary>
/// One kind of row of an application's partition of the <c>Applications</c> table (decision 0012): the part that
/// <see cref="ApplicationRepository"/>, the table's owner, hands to the class that writes that kind — <c>audit|</c> to
/// <see cref="AuditTrail"/>, <c>outbox|</c> to the outbox, <c>decision|</c> to <see cref="ReviewDecisions"/>. Every
/// key it reads or writes starts with its prefix, so it can never touch the application row or another kind.
/// </summary>
public sealed class ApplicationRows
{
    private readonly TableClient table;

    internal ApplicationRows(TableClient table, string prefix)
    {
        this.table = table;
        Prefix = prefix;
    }

    /// <summary>The kind's prefix, with its separator (<c>audit|</c>).</summary>
    public string Prefix { get; }

    /// <summary>The row key of <paramref name="key"/> within the kind.</summary>
    public string RowKey(string key) => Prefix + key;

    /// <summary>The key within the kind of a row key of this kind.</summary>
    public string KeyOf(string rowKey) => Own(rowKey)[Prefix.Length..];

    public bool Owns(string? rowKey) => rowKey is not null && rowKey.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Inserts the row (conditional insert: 409 when it exists).</summary>
    public Task<Response> AddAsync(TableEntity row, CancellationToken cancellationToken) =>
        table.AddEntityAsync(Checked(row), cancellationToken);

    public async Task<TableEntity?> FindAsync(string reference, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(reference, Own(rowKey), select, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The rows of these keys that exist (one query of the application's partition instead of a read each).</summary>
    public async Task<Dictionary<string, TableEntity>> FindAllAsync(string reference, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        var keys = string.Join(" or ", rowKeys.Select(rowKey => TableClient.CreateQueryFilter($"RowKey eq {Own(rowKey)}")));
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>($"{TableClient.CreateQueryFilter($"PartitionKey eq {reference}")} and ({keys})", cancellationToken: cancellationToken))
        {
            found[row.RowKey] = row;
        }

        return found;
    }

    /// <summary>
    /// Merges each row's columns, every row conditional on its own ETag, in one transaction: the new ETags in the same
    /// order, or null when one of them had changed (412: nothing was written).
    /// </summary>
    public async Task<IReadOnlyList<ETag>?> MergeAllIfUnchangedAsync(IReadOnlyList<(TableEntity Columns, ETag IfMatch)> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        try
        {
            var response = await table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Checked(row.Columns), row.IfMatch)), cancellationToken);
            return [.. response.Value.Select(result => result.Headers.ETag ?? throw new InvalidOperationException("A merge of the transaction answered no ETag."))];
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 412)
        {
            return null;
        }
    }

    /// <summary>The application's rows of this kind, in key order (one range query of its partition).</summary>
    public AsyncPageable<TableEntity> QueryAsync(string reference, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var end = Prefix[..^1] + (char)(Prefix[^1] + 1);
        return table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reference} and RowKey ge {Prefix} and RowKey lt {end}"), select: select, cancellationToken: cancellationToken);
    }

    /// <summary>The rows of this kind in every partition that match <paramref name="filter"/> (a sweep's scan).</summary>
    public AsyncPageable<TableEntity> ScanAsync(string filter, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var end = Prefix[..^1] + (char)(Prefix[^1] + 1);
        return table.QueryAsync<TableEntity>($"{TableClient.CreateQueryFilter($"RowKey ge {Prefix} and RowKey lt {end}")} and ({filter})", select: select, cancellationToken: cancellationToken);
    }

    public Task<Response> UpdateAsync(TableEntity row, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(Checked(row), ifMatch, mode, cancellationToken);

    /// <summary>Writes the row whole, whether it exists or not.</summary>
    public Task<Response> ReplaceAsync(TableEntity row, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(Checked(row), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Several rows of one partition merged together (one transaction per 100).</summary>
    public async Task MergeAllAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 1)
        {
            await table.UpdateEntityAsync(Checked(rows[0]), ETag.All, TableUpdateMode.Merge, cancellationToken);
            return;
        }

        foreach (var chunk in rows.Chunk(ApplicationRepository.MaxOperations))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Checked(row), ETag.All)), cancellationToken);
        }
    }

    public Task<Response> DeleteAsync(string reference, string rowKey, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(reference, Own(rowKey), ETag.All, cancellationToken);

    private TableEntity Checked(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Own(row.RowKey);
        return row;
    }

    private string Own(string rowKey) => Owns(rowKey)
        ? rowKey
        : throw new ArgumentException($"Row key {rowKey} is not of the kind {Prefix}.", nameof(rowKey));
}

/// <summary>What became of a step's rows written in one entity-group transaction.</summary>
public enum StepCommit
{
    /// <summary>This call wrote them all.</summary>
    Committed,

    /// <summary>The application row changed since it was read (412): nothing was written; read it again.</summary>
    Conflict,

    /// <summary>The step's record row exists (409): an earlier run committed the step; nothing was written now.</summary>
    AlreadyDone,
}
