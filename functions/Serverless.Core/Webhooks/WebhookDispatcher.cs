using System.Diagnostics;
using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;

namespace Serverless.Core.Webhooks;

/// <summary>
/// Works one queue message: delivers, in sequence order, what is due for one endpoint and one application.
/// <list type="bullet">
/// <item>Order: only the application's first delivery that is still pending may be attempted; a later event waits.</item>
/// <item>One sender at a time: an attempt is claimed with the delivery row's ETag, which also moves its next-attempt
/// time past the attempt's timeout, so a duplicate message or a crash mid-attempt leads to one retry, not two sends.</item>
/// <item>Only 2xx counts. 410 Gone fails the delivery and disables the endpoint (log, e-mail to the administrator).
/// Anything else (3xx included: redirects are not followed) waits for the next step of <see cref="RetrySchedule"/>,
/// or the receiver's <c>Retry-After</c> if later, through a delayed queue message; after the last step the delivery is
/// <see cref="DeliveryState.Failed"/> and the next event goes ahead.</item>
/// </list>
/// </summary>
public sealed partial class WebhookDispatcher(
    ProcedureCatalog catalogue,
    WebhookLog log,
    WebhookEvents events,
    WebhookWorkSender queue,
    WebhookSecrets secrets,
    WebhookHttpClient http,
    EmailOutbox outbox,
    Usage.UsageMeter usage,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>Deliveries handled by one message before it hands over to a fresh one (a long backlog is not one endless call).</summary>
    private const int MaxPerMessage = 20;

    /// <summary>Added to the attempt's timeout while an attempt is claimed: how long before a crashed attempt may be retried.</summary>
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    public async Task HandleAsync(WebhookWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var commune = catalogue.FindCommune(work.Commune);
        var endpoint = commune?.Webhooks.FirstOrDefault(candidate => candidate.Id == work.Endpoint);
        if (commune is null || endpoint is null)
        {
            LogEndpointGone(work.Commune, work.Endpoint);
            return;
        }

        var partition = WebhookLog.Partition(commune.Id, endpoint.Id);
        for (var handled = 0; handled < MaxPerMessage; handled++)
        {
            if ((await log.StateAsync(partition, cancellationToken)).Disabled)
            {
                return;
            }

            var head = (await log.DeliveriesOfAsync(partition, work.Reference, cancellationToken))
                .FirstOrDefault(row => row.GetString("State") == nameof(DeliveryState.Pending));
            if (head is null)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var due = head.GetDateTimeOffset("NextAttemptAt") ?? now;
            if (due > now)
            {
                // Not yet: this message becomes the timer of the next attempt (another copy may be one too; both
                // then find the attempt claimed or done, which costs a read, never a second send).
                await queue.RequestAsync(work, due - now, cancellationToken);
                return;
            }

            if (!await AttemptAsync(commune, endpoint, partition, head, work, cancellationToken))
            {
                return;
            }
        }

        await queue.RequestAsync(work, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>One attempt of the head delivery; true when the next pending delivery may follow at once.</summary>
    private async Task<bool> AttemptAsync(CommuneDefinition commune, WebhookEndpoint endpoint, string partition, TableEntity head, WebhookWork work, CancellationToken cancellationToken)
    {
        var attempts = (head.GetInt32("Attempts") ?? 0) + 1;
        var step = (head.GetInt32("ScheduleStep") ?? 0) + 1;
        var timeout = options.Value.AttemptTimeout;
        var startedAt = clock.GetUtcNow();
        var claim = new TableEntity(partition, head.RowKey)
        {
            ["Attempts"] = attempts,
            ["ScheduleStep"] = step,
            ["NextAttemptAt"] = startedAt + timeout + ClaimMargin,
        };
        ETag claimed;
        try
        {
            claimed = (await log.Table.UpdateEntityAsync(claim, head.ETag, TableUpdateMode.Merge, cancellationToken)).Headers.ETag!.Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return true; // Someone else changed it (another message, a redelivery): look again.
        }

        var reference = work.Reference;
        var sequence = head.GetInt64("Sequence")!.Value;
        var eventId = head.GetString("EventId");
        var payload = await events.PayloadAsync(reference, sequence, cancellationToken)
            ?? throw new InvalidOperationException($"Event {eventId} of {reference} has a delivery row but no stored payload.");
        var sentAt = clock.GetUtcNow();
        var outcome = await SendAsync(endpoint, eventId, payload, timeout, cancellationToken);
        var finishedAt = clock.GetUtcNow();
        if (outcome.Succeeded)
        {
            // Counted before the log is updated: an attempt that reached the endpoint counts once (its number is in the key), even if this process dies next.
            await usage.WebhookDeliveredAsync(commune.Id, $"{partition}|{reference}|{sequence}|{attempts}", finishedAt, cancellationToken);
        }

        var gone = outcome.Status == (int)HttpStatusCode.Gone;
        var delay = outcome.Succeeded || gone ? null : RetrySchedule.After(step, options.Value.ScheduleScale, outcome.RetryAfter, Random.Shared.NextDouble());
        var next = delay is { } wait ? finishedAt + wait : (DateTimeOffset?)null;
        await log.RecordAttemptAsync(partition, new AttemptRow(reference, sequence, attempts, eventId, sentAt, outcome.DurationMs, outcome.Status, outcome.Error, next), cancellationToken);

        var state = outcome.Succeeded ? DeliveryState.Delivered : next is null ? DeliveryState.Failed : DeliveryState.Pending;
        var result = new TableEntity(partition, head.RowKey)
        {
            ["State"] = state.ToString(),
            ["LastResult"] = outcome.Summary,
            ["NextAttemptAt"] = next ?? finishedAt,
        };
        if (outcome.Succeeded)
        {
            result["DeliveredAt"] = finishedAt;
        }

        try
        {
            await log.Table.UpdateEntityAsync(result, claimed, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return true; // A redelivery reset it meanwhile: its own state wins.
        }

        LogAttempt(endpoint.Id, eventId, reference, attempts, outcome.Summary, state);
        if (gone)
        {
            await log.DisableAsync(partition, finishedAt, $"410 Gone ({eventId})", cancellationToken);
            LogDisabled(commune.Id, endpoint.Id, eventId);
            await outbox.SendOnceAsync(
                $"webhooks|{partition}",
                $"webhook-disabled|{eventId}|{attempts}",
                WebhookEmails.EndpointDisabled(commune, endpoint, eventId, finishedAt),
                cancellationToken);
            return false;
        }

        if (state == DeliveryState.Pending)
        {
            await queue.RequestAsync(work, delay!.Value, cancellationToken);
            return false;
        }

        return true;
    }

    private async Task<AttemptOutcome> SendAsync(WebhookEndpoint endpoint, string eventId, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            // The id stays the same on every attempt (receivers deduplicate on it); the timestamp is the attempt's.
            var sentAt = clock.GetUtcNow();
            var headers = new Dictionary<string, string>
            {
                ["webhook-id"] = eventId,
                ["webhook-timestamp"] = WebhookSignature.Timestamp(sentAt),
                ["webhook-signature"] = WebhookSignature.Header(eventId, sentAt, payload, secrets.For(endpoint)),
                ["User-Agent"] = "citizen-eservices-webhooks/1",
            };
            using var content = new StringContent(payload, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(endpoint.Url, content, headers, attempt.Token);
            var status = (int)response.StatusCode;
            TimeSpan? retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - clock.GetUtcNow(),
                _ => null,
            };
            return new AttemptOutcome(status is >= 200 and <= 299, status, null, retryAfter, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, $"timeout after {timeout.TotalSeconds:0.###} s", null, watch.ElapsedMilliseconds);
        }
        catch (Exception exception) when (Refusal(exception) is { } refused)
        {
            return new AttemptOutcome(false, null, "refused destination: " + refused.Message, null, watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException exception)
        {
            return new AttemptOutcome(false, null, exception.HttpRequestError + ": " + exception.Message, null, watch.ElapsedMilliseconds);
        }
    }

    private static RefusedDestinationException? Refusal(Exception exception) => exception switch
    {
        RefusedDestinationException refused => refused,
        { InnerException: { } inner } => Refusal(inner),
        _ => null,
    };

    private sealed record AttemptOutcome(bool Succeeded, int? Status, string? Error, TimeSpan? RetryAfter, long DurationMs)
    {
        public string Summary => Status is { } status ? $"HTTP {status}" : Error ?? "no answer";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Commune}/{Endpoint} is no longer in the catalogue: its pending work is dropped")]
    private partial void LogEndpointGone(string commune, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Endpoint}: event {EventId} of {Reference}, attempt {Attempt}: {Result} ({State})")]
    private partial void LogAttempt(string endpoint, string eventId, string reference, int attempt, string result, DeliveryState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Commune}/{Endpoint} answered 410 Gone to {EventId}: disabled until a redelivery")]
    private partial void LogDisabled(string commune, string endpoint, string eventId);
}
