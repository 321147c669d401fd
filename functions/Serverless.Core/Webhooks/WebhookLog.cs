using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Webhooks;

public enum DeliveryState
{
    /// <summary>Waiting for its next attempt (or for an earlier event of the same application).</summary>
    Pending,
    Delivered,

    /// <summary>Every attempt failed, or the receiver answered 410: a person may redeliver it.</summary>
    Failed,
}

/// <summary>One event's delivery to one endpoint, as the log shows it.</summary>
public sealed record DeliveryRow(
    string Reference,
    long Sequence,
    string EventId,
    string Type,
    DeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastResult);

/// <summary>One attempt: when, how long, what came back (HTTP status or error), and when the next one is due.</summary>
public sealed record AttemptRow(
    string Reference,
    long Sequence,
    int Number,
    string EventId,
    DateTimeOffset At,
    long DurationMs,
    int? HttpStatus,
    string? Error,
    DateTimeOffset? NextAttemptAt);

/// <summary>Whether an endpoint still receives deliveries; a 410 Gone turns it off until a person redelivers.</summary>
public sealed record EndpointState(bool Disabled, DateTimeOffset? DisabledAt, string? Reason);

/// <summary>
/// The delivery log of an endpoint: one partition per (commune, endpoint) in <c>WebhookLog</c>, holding a delivery row
/// per event (<c>{reference}|{sequence}</c>), an attempt row per attempt (<c>attempt|{reference}|{sequence}|{n}</c>,
/// insert-only, keyed by the attempt's number so a retried write cannot add a second) and the endpoint's state
/// (<c>endpoint</c>). The partition key holds the commune, so a reader scoped to one commune cannot see another's.
/// </summary>
public sealed class WebhookLog(StorageClients storage)
{
    public const string DeliveryKind = "delivery";
    public const string AttemptKind = "attempt";
    private const string StateKey = "endpoint";

    private readonly TableClient table = storage.Table(StorageNames.WebhookLogTable);

    public TableClient Table => table;

    public static string Partition(string communeId, string endpointId) => $"{communeId}|{endpointId}";

    public static string DeliveryKey(string reference, long sequence) => $"{reference}|{sequence:D6}";

    public static string AttemptKey(string reference, long sequence, int number) => $"attempt|{reference}|{sequence:D6}|{number:D3}";

    /// <summary>The application's deliveries to this endpoint, in sequence order.</summary>
    public async Task<List<TableEntity>> DeliveriesOfAsync(string partition, string reference, CancellationToken cancellationToken)
    {
        var from = $"{reference}|";
        var to = $"{reference}|~";
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {to}"),
            cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return [.. rows.OrderBy(row => row.RowKey, StringComparer.Ordinal)];
    }

    public async Task<EndpointState> StateAsync(string partition, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, StateKey, cancellationToken: cancellationToken);
        return row.HasValue
            ? new EndpointState(row.Value!.GetBoolean("Disabled") == true, row.Value.GetDateTimeOffset("DisabledAt"), row.Value.GetString("Reason"))
            : new EndpointState(false, null, null);
    }

    public Task DisableAsync(string partition, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(partition, StateKey) { ["Disabled"] = true, ["DisabledAt"] = at, ["Reason"] = reason }, TableUpdateMode.Replace, cancellationToken);

    public Task EnableAsync(string partition, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(partition, StateKey) { ["Disabled"] = false }, TableUpdateMode.Replace, cancellationToken);

    public async Task RecordAttemptAsync(string partition, AttemptRow attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(partition, AttemptKey(attempt.Reference, attempt.Sequence, attempt.Number))
                {
                    ["Kind"] = AttemptKind,
                    ["Reference"] = attempt.Reference,
                    ["Sequence"] = attempt.Sequence,
                    ["Number"] = attempt.Number,
                    ["EventId"] = attempt.EventId,
                    ["At"] = attempt.At,
                    ["DurationMs"] = attempt.DurationMs,
                    ["HttpStatus"] = attempt.HttpStatus,
                    ["Error"] = attempt.Error,
                    ["NextAttemptAt"] = attempt.NextAttemptAt,
                },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Written already by an earlier run of the same attempt: the log keeps the first account.
        }
    }

    /// <summary>The newest deliveries of an endpoint with their attempts, for the log page (at most <paramref name="limit"/> deliveries).</summary>
    public async Task<(IReadOnlyList<DeliveryRow> Deliveries, IReadOnlyList<AttemptRow> Attempts)> ReadAsync(string partition, int limit, CancellationToken cancellationToken)
    {
        var deliveries = new List<DeliveryRow>();
        var attempts = new List<AttemptRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            switch (row.GetString("Kind"))
            {
                case DeliveryKind:
                    deliveries.Add(ToDelivery(row));
                    break;
                case AttemptKind:
                    attempts.Add(new AttemptRow(
                        row.GetString("Reference"),
                        row.GetInt64("Sequence") ?? 0,
                        row.GetInt32("Number") ?? 0,
                        row.GetString("EventId"),
                        row.GetDateTimeOffset("At") ?? default,
                        row.GetInt64("DurationMs") ?? 0,
                        row.GetInt32("HttpStatus"),
                        row.GetString("Error"),
                        row.GetDateTimeOffset("NextAttemptAt")));
                    break;
            }
        }

        var newest = deliveries.OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.Sequence).Take(limit).ToList();
        var shown = newest.Select(row => (row.Reference, row.Sequence)).ToHashSet();
        return (newest, [.. attempts.Where(attempt => shown.Contains((attempt.Reference, attempt.Sequence))).OrderBy(attempt => attempt.Number)]);
    }

    public static DeliveryRow ToDelivery(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var state = Enum.Parse<DeliveryState>(row.GetString("State"));
        return new DeliveryRow(
            row.GetString("Reference"),
            row.GetInt64("Sequence") ?? 0,
            row.GetString("EventId"),
            row.GetString("Type"),
            state,
            row.GetInt32("Attempts") ?? 0,
            row.GetDateTimeOffset("CreatedAt") ?? default,
            state == DeliveryState.Pending ? row.GetDateTimeOffset("NextAttemptAt") : null,
            row.GetDateTimeOffset("DeliveredAt"),
            row.GetString("LastResult"));
    }
}
