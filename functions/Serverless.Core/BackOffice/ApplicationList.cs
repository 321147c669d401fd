using Azure.Data.Tables;
using Serverless.Core.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>A page of the list: its rows, and whether another page follows.</summary>
public sealed record ListPage(IReadOnlyList<IndexEntry> Rows, bool HasNext);

/// <summary>
/// Reads the back office's list from the index rows of one commune, never from the applications: one query per
/// status partition, the filters in the query itself (procedure, dates, assignee, overdue) so the storage returns only
/// matching rows. In the index's own order (due date) a page needs at most one page of rows per partition, merged;
/// a text search or another sort reads every matching row of the partitions (the search is accent-insensitive on
/// folded text, which Table Storage cannot do on the server).
/// </summary>
public sealed class ApplicationList(StorageClients storage, TimeProvider clock)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "Reference", "ProcedureId", "Applicant", "Search", "Status", "SubmittedAt", "DueAt", "Suspended", "AssignedTo"];

    private readonly TableClient table = storage.Table(StorageNames.BackOfficeIndexTable);

    public async Task<ListPage> PageAsync(string communeId, string agentEmail, ApplicationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = ApplicationListQuery.PageSize;
        var skip = (query.Page - 1) * size;
        if (query.ReadsInIndexOrder)
        {
            var wanted = skip + size + 1;
            var perPartition = await Task.WhenAll(Partitions(query).Select(status => ReadAsync(communeId, status, agentEmail, query, wanted, cancellationToken)));
            var merged = perPartition.SelectMany(rows => rows).OrderBy(row => IndexEntry.DueKey(row.DueAt), StringComparer.Ordinal).ThenBy(row => row.Reference, StringComparer.Ordinal).ToList();
            return new ListPage([.. merged.Skip(skip).Take(size)], merged.Count > skip + size);
        }

        var all = await AllAsync(communeId, agentEmail, query, cancellationToken);
        return new ListPage([.. all.Skip(skip).Take(size)], all.Count > skip + size);
    }

    /// <summary>Every row the query matches, in its order (the export).</summary>
    public async Task<IReadOnlyList<IndexEntry>> AllAsync(string communeId, string agentEmail, ApplicationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var perPartition = await Task.WhenAll(Partitions(query).Select(status => ReadAsync(communeId, status, agentEmail, query, int.MaxValue, cancellationToken)));
        IEnumerable<IndexEntry> rows = perPartition.SelectMany(partition => partition);
        if (query.Search.Length > 0)
        {
            var needle = TextFolding.Fold(query.Search);
            rows = rows.Where(row => TextFolding.Fold(row.Reference + " " + row.Applicant).Contains(needle, StringComparison.Ordinal));
        }

        Func<IndexEntry, string> key = query.Sort switch
        {
            ListSort.Submitted => row => row.SubmittedAt.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ListSort.Reference => row => row.Reference,
            _ => row => IndexEntry.DueKey(row.DueAt) + row.Reference,
        };
        return [.. query.Descending ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal)];
    }

    /// <summary>Only pending applications can be overdue: with that filter, the other partitions are not read.</summary>
    private static IEnumerable<Applications.ApplicationStatus> Partitions(ApplicationListQuery query) =>
        query.Statuses.Where(status => !query.Overdue || Applications.ApplicationStatusText.IsPending(status));

    private async Task<List<IndexEntry>> ReadAsync(string communeId, Applications.ApplicationStatus status, string agentEmail, ApplicationListQuery query, int max, CancellationToken cancellationToken)
    {
        var filter = Filter(communeId, status, agentEmail, query);
        var rows = new List<IndexEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: Columns, cancellationToken: cancellationToken))
        {
            rows.Add(IndexEntry.FromEntity(row));
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }

    private string Filter(string communeId, Applications.ApplicationStatus status, string agentEmail, ApplicationListQuery query)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {IndexEntry.Partition(communeId, status)}") };
        if (query.ProcedureId is { } procedure)
        {
            parts.Add(TableClient.CreateQueryFilter($"ProcedureId eq {procedure}"));
        }

        if (query.SubmittedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"SubmittedAt ge {new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)}"));
        }

        if (query.SubmittedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"SubmittedAt lt {new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)}"));
        }

        if (query.DueBefore is { } dueBefore)
        {
            // Row keys start with the due date: a range on the key, no column scan.
            parts.Add(TableClient.CreateQueryFilter($"RowKey lt {IndexEntry.DueKey(new DateTimeOffset(dueBefore.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))}"));
        }

        if (query.Overdue)
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey lt {IndexEntry.DueKey(clock.GetUtcNow())} and Suspended eq false"));
        }

        if (query.AssignedToMe)
        {
            parts.Add(TableClient.CreateQueryFilter($"AssignedTo eq {agentEmail}"));
        }

        return string.Join(" and ", parts);
    }
}
