namespace Serverless.Core.BackOffice;

/// <summary>
/// The list's optional columns, as démarches-simplifiées' instructeurs choose theirs: the reference is always shown
/// (it is the link to the application); the agent picks the others. Flags, so a choice is one value that compares by
/// value and reads in one fixed order — the list's and the export's.
/// </summary>
[Flags]
public enum ListColumns
{
    None = 0,
    Procedure = 1,
    Applicant = 2,
    Status = 4,
    Submitted = 8,
    Due = 16,
    Assignee = 32,
    All = Procedure | Applicant | Status | Submitted | Due | Assignee,
}

/// <summary>Names, labels and export headers of <see cref="ListColumns"/>.</summary>
public static class ListColumnText
{
    /// <summary>The optional columns in the order the list and the export show them.</summary>
    public static readonly IReadOnlyList<ListColumns> Order = [ListColumns.Procedure, ListColumns.Applicant, ListColumns.Status, ListColumns.Submitted, ListColumns.Due, ListColumns.Assignee];

    /// <summary>The value in the query string (<c>col=procedure</c>).</summary>
    public static string Key(ListColumns column) => column.ToString().ToLowerInvariant();

    public static ListColumns? FromKey(string key) =>
        Order.Cast<ListColumns?>().FirstOrDefault(column => Key(column!.Value) == key);

    public static (string Fr, string En) Label(ListColumns column) => column switch
    {
        ListColumns.Procedure => ("Démarche", "Procedure"),
        ListColumns.Applicant => ("Demandeur", "Applicant"),
        ListColumns.Status => ("Statut", "Status"),
        ListColumns.Submitted => ("Déposée le", "Submitted"),
        ListColumns.Due => ("Échéance", "Due"),
        _ => ("Assignée à", "Assigned to"),
    };

    /// <summary>
    /// The export's headers of a column: the due date's cell of the list (date, "en retard", "délai suspendu") is three
    /// columns in a spreadsheet, so that each can be sorted and filtered there.
    /// </summary>
    public static IReadOnlyList<string> ExportHeaders(ListColumns column) => column switch
    {
        ListColumns.Due => ["Échéance", "Délai suspendu", "En retard"],
        _ => [Label(column).Fr],
    };

    /// <summary>The chosen columns, in <see cref="Order"/>.</summary>
    public static IEnumerable<ListColumns> Chosen(ListColumns columns) => Order.Where(column => columns.HasFlag(column));
}
