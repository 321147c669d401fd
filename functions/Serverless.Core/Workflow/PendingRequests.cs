using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Workflow;

/// <summary>What a recorded request asks the workflow to do.</summary>
public enum RequestKind
{
    /// <summary>Start the workflow of a stored submission.</summary>
    Start,

    /// <summary>Deliver a recorded review decision (round in <see cref="PendingRequest.Round"/>).</summary>
    Decision,

    /// <summary>Deliver the citizen's withdrawal.</summary>
    Withdrawal,

    /// <summary>Deliver the citizen's answer to a request for changes (round in <see cref="PendingRequest.Round"/>).</summary>
    Correction,

    /// <summary>Deliver a person's recorded action in a signature circuit (pass × 100 + step in <see cref="PendingRequest.Round"/>).</summary>
    CircuitAction,
}

public sealed record PendingRequest(string Reference, RequestKind Kind, int Round, DateTimeOffset RecordedAt, DateTimeOffset DeliveredAt);

/// <summary>
/// Requests that HTTP handlers recorded for a workflow and that the workflow has not applied yet. A handler adds the
/// row before it raises the event; the activity that applies the request removes it. The sweeper reads only this one
/// partition (rows older than a minute or two), so its cost follows the requests in flight, not the applications
/// ever filed.
/// </summary>
public sealed class PendingRequests(StorageClients storage)
{
    private const string Partition = "pending";

    private readonly TableClient table = storage.Table(StorageNames.PendingRequestsTable);

    public static string RowKey(string reference, RequestKind kind, int round) =>
        kind is RequestKind.Decision or RequestKind.Correction or RequestKind.CircuitAction ? $"{reference}|{kind}|{round:D3}" : $"{reference}|{kind}";

    /// <summary>Records the request (again: the same request recorded twice is one row).</summary>
    public Task RecordAsync(string reference, RequestKind kind, int round, DateTimeOffset at, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(Partition, RowKey(reference, kind, round))
            {
                ["Reference"] = reference,
                ["Kind"] = kind.ToString(),
                ["Round"] = round,
                ["RecordedAt"] = at,
                ["DeliveredAt"] = at,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<bool> ExistsAsync(string reference, RequestKind kind, int round, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(reference, kind, round), select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>The workflow applied the request: forget it (idempotent).</summary>
    public async Task CompleteAsync(string reference, RequestKind kind, int round, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(Partition, RowKey(reference, kind, round), ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already applied and forgotten.
        }
    }

    /// <summary>Requests last delivered before <paramref name="before"/>: the ones the sweeper looks at.</summary>
    public async Task<IReadOnlyList<PendingRequest>> DueAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        var due = new List<PendingRequest>();
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and DeliveredAt lt {before}"),
            maxPerPage: Math.Min(max, 1000),
            cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            due.Add(new PendingRequest(
                row.GetString("Reference"),
                Enum.Parse<RequestKind>(row.GetString("Kind")),
                row.GetInt32("Round") ?? 0,
                row.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue,
                row.GetDateTimeOffset("DeliveredAt") ?? DateTimeOffset.MinValue));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>The sweeper delivered it again: it is not looked at before another interval.</summary>
    public async Task MarkDeliveredAsync(PendingRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(Partition, RowKey(request.Reference, request.Kind, request.Round)) { ["DeliveredAt"] = at },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The workflow applied the request (its activity removed the row) between the sweep's read and this write:
            // nothing is left to mark, and the rest of the sweep must go on.
        }
    }
}
