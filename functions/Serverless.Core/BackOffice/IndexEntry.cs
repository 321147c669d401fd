using System.Globalization;
using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Submission;

namespace Serverless.Core.BackOffice;

/// <summary>
/// One application as the back office's list shows it: an index row of <see cref="StorageNames.BackOfficeIndexTable"/>,
/// partition <c>{commune}|list</c>, row key <c>{due date}|{reference}</c>, so that the commune's whole list reads in
/// due-date order from one partition: any first page in that order, whatever the filters, is one query that stops
/// after one page of matching rows (statuses are a column filtered on the server, not partitions to merge).
/// </summary>
public sealed record IndexEntry(
    string CommuneId,
    string Reference,
    string ProcedureId,
    string Applicant,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DueAt,
    bool Suspended,
    string AssignedTo)
{
    /// <summary>A pending application whose legal deadline passed and is not suspended.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status.IsPending() && !Suspended && DueAt is { } due && due < now;

    public string PartitionKey => ListPartition(CommuneId);

    public string RowKey => $"{DueKey(DueAt)}|{Reference}";

    public static string ListPartition(string communeId) => $"{communeId}|list";

    /// <summary>Sorts as text in date order; no due date sorts last.</summary>
    public static string DueKey(DateTimeOffset? due) => due is { } value ? value.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) : "99999999999999";

    public static IndexEntry From(LoadedApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var record = application.Record;
        return new IndexEntry(
            application.Commune.Id,
            record.Reference,
            record.ProcedureId,
            ApplicationSummary.HolderName(application.Procedure, application.Values),
            record.StatusValue,
            record.SubmittedAt,
            record.StatusValue.IsPending() ? application.DecisionDueAt : record.DecisionDueAt,
            record.DeadlineSuspended,
            record.AssignedTo ?? string.Empty);
    }

    public TableEntity ToEntity() => new(PartitionKey, RowKey)
    {
        ["Reference"] = Reference,
        ["ProcedureId"] = ProcedureId,
        ["Applicant"] = Applicant,
        ["Search"] = TextFolding.Fold(Reference + " " + Applicant),
        ["Status"] = Status.ToString(),
        ["SubmittedAt"] = SubmittedAt,
        ["DueAt"] = DueAt,
        ["Suspended"] = Suspended,
        ["AssignedTo"] = AssignedTo,
    };

    /// <summary>The entry of an index row of <paramref name="communeId"/>'s list (read with or without its keys).</summary>
    public static IndexEntry FromEntity(TableEntity row, string communeId)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new IndexEntry(
            communeId,
            row.GetString("Reference"),
            row.GetString("ProcedureId"),
            row.GetString("Applicant") ?? string.Empty,
            Enum.Parse<ApplicationStatus>(row.GetString("Status")),
            row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("DueAt"),
            row.GetBoolean("Suspended") ?? false,
            row.GetString("AssignedTo") ?? string.Empty);
    }
}
