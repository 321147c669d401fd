using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Serverless.Core.Procedures;

namespace Serverless.Core.Webhooks;

public enum RedeliveryResult
{
    /// <summary>The delivery is pending again and a message asks for it; the endpoint is enabled.</summary>
    Requested,

    /// <summary>It is already waiting for an attempt on an enabled endpoint: nothing to do.</summary>
    AlreadyPending,

    /// <summary>No such endpoint in this commune, or no such delivery on it.</summary>
    NotFound,
}

/// <summary>
/// A person's "deliver again": puts a delivered or failed delivery back to pending with a fresh schedule (the attempt
/// numbers go on, so the log keeps every attempt), re-enables the endpoint if a 410 had disabled it, and asks again
/// for every application that has deliveries waiting on it. The commune id comes from the signed-in agent (the back
/// office's sign-in); it is part of the log's partition key, so another commune's deliveries cannot be named.
/// </summary>
public sealed partial class WebhookRedelivery(ProcedureCatalog catalogue, WebhookLog log, WebhookWorkSender queue, TimeProvider clock, ILogger<WebhookRedelivery> logger)
{
    public async Task<RedeliveryResult> RedeliverAsync(string communeId, string endpointId, string reference, long sequence, string requestedBy, CancellationToken cancellationToken)
    {
        if (catalogue.FindCommune(communeId)?.Webhooks.Any(endpoint => endpoint.Id == endpointId) != true)
        {
            return RedeliveryResult.NotFound;
        }

        var partition = WebhookLog.Partition(communeId, endpointId);
        var row = await log.Table.GetEntityIfExistsAsync<TableEntity>(partition, WebhookLog.DeliveryKey(reference, sequence), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Kind") != WebhookLog.DeliveryKind)
        {
            return RedeliveryResult.NotFound;
        }

        var disabled = (await log.StateAsync(partition, cancellationToken)).Disabled;
        if (row.Value.GetString("State") == nameof(DeliveryState.Pending) && !disabled)
        {
            return RedeliveryResult.AlreadyPending;
        }

        var now = clock.GetUtcNow();
        try
        {
            await log.Table.UpdateEntityAsync(
                new TableEntity(partition, row.Value.RowKey)
                {
                    ["State"] = nameof(DeliveryState.Pending),
                    ["ScheduleStep"] = 0,
                    ["NextAttemptAt"] = now,
                    ["LastResult"] = $"redelivery requested by {requestedBy}",
                },
                row.Value.ETag,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // An attempt finished meanwhile; asking again is still what the person wants.
            return await RedeliverAsync(communeId, endpointId, reference, sequence, requestedBy, cancellationToken);
        }

        if (disabled)
        {
            await log.EnableAsync(partition, cancellationToken);
        }

        var eventId = row.Value.GetString("EventId");
        LogRedelivery(communeId, endpointId, eventId, reference, requestedBy);
        foreach (var waiting in await ApplicationsWaitingAsync(partition, reference, cancellationToken))
        {
            await queue.RequestAsync(new WebhookWork(communeId, endpointId, waiting), TimeSpan.Zero, cancellationToken);
        }

        return RedeliveryResult.Requested;
    }

    /// <summary>This application, and every other with a pending delivery (left waiting while the endpoint was disabled).</summary>
    private async Task<IReadOnlyCollection<string>> ApplicationsWaitingAsync(string partition, string reference, CancellationToken cancellationToken)
    {
        var references = new SortedSet<string>(StringComparer.Ordinal) { reference };
        await foreach (var row in log.Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Kind eq {WebhookLog.DeliveryKind} and State eq {nameof(DeliveryState.Pending)}"),
            select: ["Reference"],
            cancellationToken: cancellationToken))
        {
            references.Add(row.GetString("Reference"));
        }

        return references;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Commune}/{Endpoint}: redelivery of {EventId} ({Reference}) requested by {RequestedBy}")]
    private partial void LogRedelivery(string commune, string endpoint, string eventId, string reference, string requestedBy);
}
