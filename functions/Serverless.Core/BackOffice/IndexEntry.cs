using System.Globalization;
using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.BackOffice;

/// <summary>
/// One application as the back office's list shows it: an index row of <see cref="Storage.StorageNames.BackOfficeIndexTable"/>,
/// partition <c>{commune}|{status}</c>, row key <c>{due date}|{reference}</c> so that a partition reads in due-date order.
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

    public string PartitionKey => Partition(CommuneId, Status);

    public string RowKey => $"{DueKey(DueAt)}|{Reference}";

    public static string Partition(string communeId, ApplicationStatus status) => $"{communeId}|{status}";

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
            application.HolderName,
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

    public static IndexEntry FromEntity(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new IndexEntry(
            row.PartitionKey[..row.PartitionKey.IndexOf('|', StringComparison.Ordinal)],
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
