using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>A page of the list: its rows, and whether another page follows.</summary>
public sealed record ListPage(IReadOnlyList<IndexEntry> Rows, bool HasNext);

/// <summary>
/// Reads the back office's list from the commune's one index partition (<see cref="IndexEntry"/>), never from the
/// applications: one query, the filters in the query itself (statuses, procedure, dates, assignee, overdue) so the
/// storage returns only matching rows, in due-date order. In that order a page stops reading as soon as it has its
/// rows, so a first page reads about one page of rows whatever the commune's size. The text search is
/// accent-insensitive on folded text, which Table Storage cannot match on the server: it is applied to the rows as
/// they stream in, in pages of 1,000, so a first page of a name that one row in ten carries is one request too;
/// a search matching few rows reads on until it has its page (at worst the whole partition). Another sort than the
/// due date reads every matching row and sorts in memory.
/// </summary>
public sealed class ApplicationList(StorageClients storage, TimeProvider clock)
{
    /// <summary>Rows the storage returns per request when the search filters them here: most pages need one.</summary>
    private const int SearchBatch = 1000;

    private static readonly string[] Columns = ["Reference", "ProcedureId", "Applicant", "Search", "Status", "SubmittedAt", "DueAt", "Suspended", "AssignedTo"];

    private static readonly ApplicationStatus[] AllStatuses = Enum.GetValues<ApplicationStatus>();

    private readonly TableClient table = storage.Table(StorageNames.BackOfficeIndexTable);

    /// <param name="access">The agent's commune and the procedures they may see: rows of other procedures are never read.</param>
    /// <param name="agentEmail">The agent, for "assigned to me".</param>
    /// <param name="query">The filters, sort and page.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public async Task<ListPage> PageAsync(AgentAccess access, string agentEmail, ApplicationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = ApplicationListQuery.PageSize;
        var skip = (query.Page - 1) * size;
        var rows = query.ReadsInIndexOrder
            ? await ReadAsync(access, agentEmail, query, skip + size + 1, cancellationToken)
            : await AllAsync(access, agentEmail, query, cancellationToken);
        return new ListPage([.. rows.Skip(skip).Take(size)], rows.Count > skip + size);
    }

    /// <summary>Every row the query matches, in its order (the export).</summary>
    public async Task<IReadOnlyList<IndexEntry>> AllAsync(AgentAccess access, string agentEmail, ApplicationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await ReadAsync(access, agentEmail, query, int.MaxValue, cancellationToken);
        if (query.ReadsInIndexOrder)
        {
            return rows;
        }

        Func<IndexEntry, string> key = query.Sort switch
        {
            ListSort.Submitted => row => row.SubmittedAt.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ListSort.Reference => row => row.Reference,
            _ => row => IndexEntry.DueKey(row.DueAt) + row.Reference,
        };
        return [.. query.Descending ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal)];
    }

    /// <summary>The first <paramref name="max"/> matching rows in index (due-date) order.</summary>
    private async Task<List<IndexEntry>> ReadAsync(AgentAccess access, string agentEmail, ApplicationListQuery query, int max, CancellationToken cancellationToken)
    {
        var rows = new List<IndexEntry>();
        var statuses = Statuses(query);
        var procedures = query.ProcedureId is { } asked ? [.. access.ProcedureIds.Where(id => id == asked)] : access.ProcedureIds.Order(StringComparer.Ordinal).ToList();
        if (statuses.Count == 0 || procedures.Count == 0)
        {
            return rows;
        }

        var communeId = access.CommuneId;

        var needle = TextFolding.Fold(query.Search);
        var perPage = needle.Length > 0 ? SearchBatch : Math.Min(max, 1000);
        await foreach (var row in table.QueryAsync<TableEntity>(Filter(communeId, statuses, procedures, agentEmail, query), maxPerPage: perPage, select: Columns, cancellationToken: cancellationToken))
        {
            if (needle.Length > 0 && !(row.GetString("Search") ?? string.Empty).Contains(needle, StringComparison.Ordinal))
            {
                continue;
            }

            rows.Add(IndexEntry.FromEntity(row, communeId));
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Only pending applications can be overdue: with that filter, other statuses are not asked for.</summary>
    private static List<ApplicationStatus> Statuses(ApplicationListQuery query) =>
        [.. query.Statuses.Where(status => !query.Overdue || status.IsPending())];

    private string Filter(string communeId, List<ApplicationStatus> statuses, List<string> procedures, string agentEmail, ApplicationListQuery query)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {IndexEntry.ListPartition(communeId)}") };
        if (statuses.Count < AllStatuses.Length)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(status => TableClient.CreateQueryFilter($"Status eq {status.ToString()}"))) + ")");
        }

        // Need to know: only the procedures the agent's role covers, in the query itself (never read, then dropped).
        parts.Add("(" + string.Join(" or ", procedures.Select(procedure => TableClient.CreateQueryFilter($"ProcedureId eq {procedure}"))) + ")");

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
