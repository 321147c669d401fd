using System.Globalization;
using Microsoft.AspNetCore.Http;
using Serverless.Core.Applications;

namespace Serverless.Core.BackOffice;

public enum ListSort
{
    /// <summary>Due date, soonest first: the index's own order, so a first page reads only one page per status.</summary>
    Due,
    Submitted,
    Reference,
}

/// <summary>What an agent asked the list for: the tab, the filters, the sort and the page (all from the query string).</summary>
public sealed record ApplicationListQuery
{
    public const int PageSize = 50;

    /// <summary>"todo" (À traiter: awaiting a decision) or "all".</summary>
    public string Tab { get; init; } = "todo";

    public string? ProcedureId { get; init; }

    public ApplicationStatus? Status { get; init; }

    public DateOnly? SubmittedFrom { get; init; }

    public DateOnly? SubmittedTo { get; init; }

    public DateOnly? DueBefore { get; init; }

    public bool AssignedToMe { get; init; }

    public bool Overdue { get; init; }

    public string Search { get; init; } = string.Empty;

    public ListSort Sort { get; init; } = ListSort.Due;

    public bool Descending { get; init; }

    public int Page { get; init; } = 1;

    /// <summary>The optional columns shown (the reference always is), and exported in the same order.</summary>
    public ListColumns Columns { get; init; } = ListColumns.All;

    /// <summary>Statuses whose partitions are read: the chosen one, the tab's, or all.</summary>
    public IReadOnlyList<ApplicationStatus> Statuses =>
        Status is { } chosen ? [chosen]
        : Tab == "todo" ? [ApplicationStatus.UnderReview, ApplicationStatus.Incident, ApplicationStatus.Received]
        : Enum.GetValues<ApplicationStatus>();

    /// <summary>The index's own order (due date, soonest first): the list can stop reading after the page, search or not.</summary>
    public bool ReadsInIndexOrder => Sort == ListSort.Due && !Descending;

    public static ApplicationListQuery From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ApplicationListQuery
        {
            Tab = query["tab"].ToString() == "all" ? "all" : "todo",
            ProcedureId = query["procedure"].ToString() is { Length: > 0 } procedure ? procedure : null,
            Status = Enum.TryParse<ApplicationStatus>(query["status"].ToString(), out var status) && Enum.IsDefined(status) ? status : null,
            SubmittedFrom = Date(query["from"]),
            SubmittedTo = Date(query["to"]),
            DueBefore = Date(query["dueBefore"]),
            AssignedToMe = query["mine"].ToString() == "1",
            Overdue = query["overdue"].ToString() == "1",
            Search = query["q"].ToString().Trim() is var search && search.Length <= 100 ? search : search[..100],
            Sort = Enum.TryParse<ListSort>(query["sort"].ToString(), true, out var sort) && Enum.IsDefined(sort) ? sort : ListSort.Due,
            Descending = query["dir"].ToString() == "desc",
            Page = int.TryParse(query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 10_000 ? page : 1,
            Columns = ColumnsFrom(query),
        };
    }

    /// <summary>
    /// <c>cols=1</c> says the columns were chosen (the form sends it), and each <c>col=…</c> is one of them, so that
    /// choosing none but the reference is told apart from a link that chose nothing (every column).
    /// </summary>
    private static ListColumns ColumnsFrom(IQueryCollection query)
    {
        if (query["cols"].ToString() != "1")
        {
            return ListColumns.All;
        }

        var columns = ListColumns.None;
        foreach (var key in query["col"])
        {
            if (key is not null && ListColumnText.FromKey(key) is { } column)
            {
                columns |= column;
            }
        }

        return columns;
    }

    /// <summary>The query string of this query (for links: sort, pages, export), with changes.</summary>
    public string ToQueryString(string? language = null)
    {
        var parts = new List<(string, string)>();
        parts.Add(("tab", Tab));
        Add("procedure", ProcedureId);
        Add("status", Status?.ToString());
        Add("from", SubmittedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", SubmittedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("dueBefore", DueBefore?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("mine", AssignedToMe ? "1" : null);
        Add("overdue", Overdue ? "1" : null);
        Add("q", Search.Length > 0 ? Search : null);
        Add("sort", Sort == ListSort.Due ? null : Sort.ToString().ToLowerInvariant());
        Add("dir", Descending ? "desc" : null);
        Add("page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        if (Columns != ListColumns.All)
        {
            parts.Add(("cols", "1"));
            parts.AddRange(ListColumnText.Chosen(Columns).Select(column => ("col", ListColumnText.Key(column))));
        }

        Add("lang", language);
        return string.Join('&', parts.Select(part => $"{part.Item1}={Uri.EscapeDataString(part.Item2)}"));

        void Add(string name, string? value)
        {
            if (value is { Length: > 0 })
            {
                parts.Add((name, value));
            }
        }
    }

    private static DateOnly? Date(Microsoft.Extensions.Primitives.StringValues value) =>
        DateOnly.TryParseExact(value.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
