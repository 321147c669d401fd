using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;

namespace Serverless.Core.Webhooks;

/// <summary>
/// Records an application's outbound events, once each and in order, then hands them to delivery. In the
/// application's partition of <c>WebhookEvents</c>, one entity group transaction writes the sequence head (with its
/// ETag), the event (<c>event-{sequence}</c>) and its id key (<c>id-{eventId}</c>): a second recording of the same
/// event fails on the id key and reads the sequence it got, so a repeated step never makes a second event and the
/// sequence has no gap. Each endpoint of the commune that wants the kind gets a delivery row (a conditional insert),
/// and a queue message asks for delivery. Nothing here waits for a receiver: the workflow is never held up by one.
/// </summary>
public sealed class WebhookEvents(StorageClients storage, ProcedureCatalog catalogue, WebhookWorkSender queue, IOptions<PublicUrlOptions> urls, TimeProvider clock)
{
    private const string HeadKey = "head";
    private const int MaxConflicts = 8;

    private readonly TableClient events = storage.Table(StorageNames.WebhookEventsTable);
    private readonly TableClient log = storage.Table(StorageNames.WebhookLogTable);

    public static string EventKey(long sequence) => $"event-{sequence:D6}";

    /// <summary>Records <paramref name="fact"/> for every endpoint of its commune that wants it; does nothing when none does.</summary>
    public async Task RecordAsync(WebhookFact fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var endpoints = catalogue.FindCommune(fact.CommuneId)?.Webhooks.Where(endpoint => endpoint.Wants(fact.Kind)).ToList() ?? [];
        if (endpoints.Count == 0)
        {
            return;
        }

        var sequence = await SequenceAsync(fact, cancellationToken);
        foreach (var endpoint in endpoints)
        {
            await AddDeliveryAsync(fact, sequence, endpoint, cancellationToken);
        }
    }

    /// <summary>The stored payload of an event (what every attempt sends, byte for byte).</summary>
    public async Task<string?> PayloadAsync(string reference, long sequence, CancellationToken cancellationToken)
    {
        var row = await events.GetEntityIfExistsAsync<TableEntity>(reference, EventKey(sequence), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Payload") : null;
    }

    private async Task<long> SequenceAsync(WebhookFact fact, CancellationToken cancellationToken)
    {
        var idKey = $"id-{fact.EventId}";
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var known = await events.GetEntityIfExistsAsync<TableEntity>(fact.Reference, idKey, cancellationToken: cancellationToken);
            if (known.HasValue)
            {
                return known.Value!.GetInt64("Sequence")!.Value;
            }

            var head = await events.GetEntityIfExistsAsync<TableEntity>(fact.Reference, HeadKey, cancellationToken: cancellationToken);
            var sequence = head.HasValue ? head.Value!.GetInt64("Last")!.Value + 1 : 1;
            var payload = new WebhookPayload(WebhookEventKinds.TypeOf(fact.Kind), fact.OccurredAt, new WebhookPayloadData(
                fact.EventId,
                sequence,
                fact.CommuneId,
                fact.ProcedureId,
                fact.Reference,
                fact.Status,
                fact.CertificateNumber,
                new WebhookLinks(
                    urls.Value.Api($"procedures/{Uri.EscapeDataString(fact.ProcedureId)}/applications/{Uri.EscapeDataString(fact.Reference)}"),
                    fact.CertificateNumber is { } number ? urls.Value.Api(Routes.VerifyPath(number)) : null)));
            var newHead = new TableEntity(fact.Reference, HeadKey) { ["Last"] = sequence };
            List<TableTransactionAction> actions =
            [
                head.HasValue ? new(TableTransactionActionType.UpdateMerge, newHead, head.Value!.ETag) : new(TableTransactionActionType.Add, newHead),
                new(TableTransactionActionType.Add, new TableEntity(fact.Reference, EventKey(sequence))
                {
                    ["EventId"] = fact.EventId,
                    ["Type"] = payload.Type,
                    ["Commune"] = fact.CommuneId,
                    ["Payload"] = payload.Serialize(),
                    ["OccurredAt"] = fact.OccurredAt,
                }),
                new(TableTransactionActionType.Add, new TableEntity(fact.Reference, idKey) { ["Sequence"] = sequence }),
            ];
            try
            {
                await events.SubmitTransactionAsync(actions, cancellationToken);
                return sequence;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another writer took this sequence number, or recorded this very event: read again.
            }
        }

        throw new InvalidOperationException($"Application {fact.Reference}: its event sequence kept changing during {MaxConflicts} attempts.");
    }

    private async Task AddDeliveryAsync(WebhookFact fact, long sequence, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var partition = WebhookLog.Partition(fact.CommuneId, endpoint.Id);
        var rowKey = WebhookLog.DeliveryKey(fact.Reference, sequence);
        try
        {
            await log.AddEntityAsync(
                new TableEntity(partition, rowKey)
                {
                    ["Kind"] = WebhookLog.DeliveryKind,
                    ["EventId"] = fact.EventId,
                    ["Type"] = WebhookEventKinds.TypeOf(fact.Kind),
                    ["Reference"] = fact.Reference,
                    ["Sequence"] = sequence,
                    ["State"] = nameof(DeliveryState.Pending),
                    ["Attempts"] = 0,
                    ["ScheduleStep"] = 0,
                    ["NextAttemptAt"] = clock.GetUtcNow(),
                    ["CreatedAt"] = clock.GetUtcNow(),
                    ["Enqueued"] = false,
                },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await log.GetEntityAsync<TableEntity>(partition, rowKey, select: ["Enqueued"], cancellationToken: cancellationToken);
            if (existing.Value.GetBoolean("Enqueued") == true)
            {
                return;
            }
        }

        // The row is written before the message, and marked once the message is sent: a step that died in between
        // sends it on its retry (a duplicate message only finds the delivery done or not yet due).
        await queue.RequestAsync(new WebhookWork(fact.CommuneId, endpoint.Id, fact.Reference), TimeSpan.Zero, cancellationToken);
        await log.UpdateEntityAsync(new TableEntity(partition, rowKey) { ["Enqueued"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
