using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;
using Serverless.Platform.Telemetry;

namespace Serverless.Core.Outbox;

/// <summary>
/// Sends the e-mails that <see cref="EmailOutbox.QueueOnceAsync"/> recorded, one queue message per step's rows, behind
/// the <c>SendEmails</c> queue trigger (and its twin loop in the local host). It claims the row with its ETag before
/// sending, so copies of a message (a step that ran twice, a redelivery) send nothing twice; a copy that meets a claim
/// comes back when the claim ends, so a claimant that died leaves nothing unsent. When the relay refuses, the next
/// attempt is a new message, invisible until it is due (the workflow's retry delays: quick retries, then doubling up
/// to the cap), sent before the row records it. Past the quick retries the delay is reported: the application's page
/// shows it beside the status (see <see cref="NoticeDelays"/>), it is audited, and the commune's administrator gets a
/// notice once per spell of delays of the application, itself queued, so it goes out when the relay does.
/// </summary>
public sealed partial class EmailDispatcher(
    EmailOutbox outbox,
    EmailSender sender,
    EmailDeliveries deliveries,
    BlobFiles files,
    AuditTrail audit,
    NoticeDelays delays,
    ApplicationLoader loader,
    FaultInjection faults,
    IOptions<WorkflowOptions> workflow,
    TimeProvider clock,
    ILogger<EmailDispatcher> logger)
{
    /// <summary>The name <see cref="FaultInjection"/> knows the dispatcher by.</summary>
    public const string FaultName = "SendEmail";

    /// <summary>
    /// Longer than an SMTP command may take (<see cref="SmtpConnections.CommandTimeout"/>), so a live claim is not taken
    /// over. A dead claimant's message that comes back earlier (30 s in the local host's loop) finds the claim alive
    /// and is queued again for when it ends, so the e-mail waits at most this long after a crash.
    /// </summary>
    private static readonly TimeSpan ClaimLength = SmtpConnections.CommandTimeout + TimeSpan.FromSeconds(15);

    /// <summary>How early a copy may come before the attempt already scheduled and still be dropped as a copy.</summary>
    private static readonly TimeSpan EarlyCopy = TimeSpan.FromSeconds(5);

    /// <summary>How long a delivery waits before it is tried again after a failure of the dispatcher itself (storage).</summary>
    private static readonly TimeSpan AfterOwnFailure = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Handles one delivery message: its rows in turn, each on its own (a refusal, a claim or a failure of one row
    /// schedules that row alone). A failure of the dispatcher itself (storage unreachable, a crash hook) queues the row
    /// again, invisible for a while, so the message is not dequeued into the poison queue by its retry count; only when
    /// that queue put fails too does the failure reach the trigger, which returns the message (its rows already sent
    /// are found sent and skipped). Several rows still waiting are read in one query and claimed in one transaction.
    /// </summary>
    public async Task HandleAsync(EmailDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var rows = delivery.Rows().ToList();
        IReadOnlyList<(TableEntity Row, ETag Claim)>? claimed;
        try
        {
            claimed = rows.Count > 1 ? await ClaimTogetherAsync(delivery, rows, cancellationToken) : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogOwnFailure(logger, exception, delivery.Reference, delivery.RowKey);
            await deliveries.RequestAsync(delivery, AfterOwnFailure, cancellationToken);
            return;
        }

        for (var index = 0; index < rows.Count; index++)
        {
            try
            {
                if (claimed is null)
                {
                    await DeliverAsync(rows[index], cancellationToken);
                }
                else
                {
                    using var span = StartSpan(rows[index]);
                    await SendClaimedAsync(rows[index], claimed[index].Row, claimed[index].Claim, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // This row again later, alone; the others go on (a crash hook after one e-mail holds up no other).
                LogOwnFailure(logger, exception, rows[index].Reference, rows[index].RowKey);
                await deliveries.RequestAsync(rows[index], AfterOwnFailure, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The e-mails of one step (partition layout), read in one query and claimed in one transaction, each claim
    /// long enough for the sends before it; null when any of them is not simply waiting to be sent (sent, claimed, a
    /// retry scheduled, gone, of before) or a copy claimed one first: then each row goes its own way, as alone.
    /// </summary>
    private async Task<IReadOnlyList<(TableEntity Row, ETag Claim)>?> ClaimTogetherAsync(EmailDelivery delivery, IReadOnlyList<EmailDelivery> rows, CancellationToken cancellationToken)
    {
        if (!rows.All(row => OutboxRows.InPartition(row.RowKey)))
        {
            return null;
        }

        var found = await outbox.Rows.FindAllInPartitionAsync(delivery.Reference, [.. rows.Select(row => row.RowKey)], cancellationToken);
        var now = clock.GetUtcNow();
        var claims = new List<(TableEntity Row, DateTimeOffset Until)>();
        foreach (var row in rows)
        {
            if (!found.TryGetValue(row.RowKey, out var stored) || OutboxRows.IsSent(stored) || stored.GetDateTimeOffset("ClaimedUntil") is not null || stored.GetDateTimeOffset("NextAttemptAt") is not null)
            {
                return null;
            }

            claims.Add((stored, now + (ClaimLength * (claims.Count + 1))));
        }

        return await outbox.Rows.ClaimAllAsync(claims, cancellationToken) is { } etags
            ? [.. claims.Select((claim, index) => (claim.Row, etags[index]))]
            : null;
    }

    private static System.Diagnostics.Activity? StartSpan(EmailDelivery delivery)
    {
        var span = CitizenTelemetry.Source.StartActivity("send e-mail", System.Diagnostics.ActivityKind.Consumer, delivery.TraceParent);
        span?.SetTag("email.reference", delivery.Reference);
        return span;
    }

    private async Task DeliverAsync(EmailDelivery delivery, CancellationToken cancellationToken)
    {
        using var span = StartSpan(delivery);
        if (await outbox.Rows.FindAsync(delivery.Reference, delivery.RowKey, cancellationToken) is not { } row)
        {
            return; // Erased with its application: nothing to send.
        }

        var now = clock.GetUtcNow();
        if (OutboxRows.IsSent(row))
        {
            // A copy, or a run that died after the mark: only a blob of the content may be left to remove.
            if (OutboxRows.ContentInBlob(row))
            {
                await files.DeleteAsync(StorageNames.OutboxMessagesContainer, QueuedEmail.BlobName(delivery.Reference, delivery.RowKey), cancellationToken);
            }

            return;
        }

        if (row.GetDateTimeOffset("ClaimedUntil") is { } claimedUntil && claimedUntil > now)
        {
            await deliveries.RequestAsync(delivery, claimedUntil - now + TimeSpan.FromSeconds(1), cancellationToken);
            return;
        }

        if (row.GetDateTimeOffset("NextAttemptAt") is { } nextAttempt && nextAttempt - now > EarlyCopy)
        {
            return; // A copy: the attempt's own message was sent before the row named its time.
        }

        var claim = await ClaimAsync(row, now + ClaimLength, cancellationToken);
        if (claim is not { } etag)
        {
            await deliveries.RequestAsync(delivery, ClaimLength, cancellationToken);
            return;
        }

        await SendClaimedAsync(delivery, row, etag, cancellationToken);
    }

    /// <summary>Sends the row this run claimed (<paramref name="etag"/>), then marks it sent, or schedules its next attempt.</summary>
    private async Task SendClaimedAsync(EmailDelivery delivery, TableEntity row, ETag etag, CancellationToken cancellationToken)
    {
        var content = OutboxRows.HeldContent(row)
            ?? await files.DownloadAsync(StorageNames.OutboxMessagesContainer, QueuedEmail.BlobName(delivery.Reference, delivery.RowKey), cancellationToken)
            ?? throw new InvalidOperationException($"Outbox row {delivery.Reference}/{delivery.RowKey} has no stored message.");
        var message = QueuedEmail.Deserialize(content).ToMessage();
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await ScheduleRetryAsync(delivery, row, etag, exception, cancellationToken);
            return;
        }

        if (AuditedInPartition(delivery, row) is { } audited)
        {
            // Decision 0012: the mark and the audit row of the sending in one transaction, then the row's leaf.
            var sentAt = audited.GetDateTimeOffset("At") ?? clock.GetUtcNow();
            if (await outbox.MarkSentAsync(row, audited, sentAt, cancellationToken))
            {
                await audit.AppendLeavesAsync(delivery.Reference, [audited], rowsWereThere: false, cancellationToken);
            }
            else
            {
                await audit.CatchUpAsync(delivery.Reference, [row.GetString("AuditStep")], cancellationToken);
            }

            await RecordDelayEndAsync(delivery, row, sentAt, cancellationToken);
        }
        else
        {
            await outbox.MarkSentAsync(row, cancellationToken);
            await RecordSentAsync(delivery, row, cancellationToken);
        }

        faults.AfterSideEffect(FaultName, $"{delivery.Reference}|{delivery.RowKey}");
        if (OutboxRows.ContentInBlob(row))
        {
            await files.DeleteAsync(StorageNames.OutboxMessagesContainer, QueuedEmail.BlobName(delivery.Reference, delivery.RowKey), cancellationToken);
        }
    }

    /// <summary>The delay before attempt <paramref name="failures"/> + 1: the workflow's quick retries, then its incident back-off.</summary>
    public static TimeSpan RetryDelay(WorkflowRetry retry, int failures)
    {
        ArgumentNullException.ThrowIfNull(retry);
        if (failures < retry.Attempts)
        {
            return TimeSpan.FromTicks(retry.FirstDelay.Ticks << Math.Min(failures - 1, 20));
        }

        var doubled = retry.IncidentFirstDelay.Ticks << Math.Min(failures - retry.Attempts, 20);
        return TimeSpan.FromTicks(Math.Min(doubled, retry.IncidentMaxDelay.Ticks));
    }

    /// <summary>Null when another copy claimed it, or the step recorded it again: come back when a claim would end.</summary>
    private Task<ETag?> ClaimAsync(TableEntity row, DateTimeOffset until, CancellationToken cancellationToken) =>
        outbox.Rows.ClaimAsync(row, until, cancellationToken);

    private async Task ScheduleRetryAsync(EmailDelivery delivery, TableEntity row, ETag claim, Exception error, CancellationToken cancellationToken)
    {
        var retry = workflow.Value.Retry;
        var failures = (row.GetInt32("Attempts") ?? 0) + 1;
        var delay = RetryDelay(retry, failures);
        var now = clock.GetUtcNow();
        // The next attempt's message first: if the process dies before the row says when it is due, it still comes.
        await deliveries.RequestAsync(delivery, delay, cancellationToken);
        var reason = Describe(error);
        await outbox.Rows.RecordRefusalAsync(row, claim, failures, now + delay, reason, now, cancellationToken);
        LogRefused(logger, error, delivery.Reference, row.GetString("Step"), failures, delay);
        var step = row.GetString("Step");
        // Reported once; a process that died before the mark below reports again on the next refusal (same keys).
        if (failures >= retry.Attempts && row.GetBoolean("DelayReported") != true && !OutboxSteps.IsAdministratorNotice(step))
        {
            await ReportDelayAsync(delivery, step, reason, now, cancellationToken);
            // With the time it was reported, which the page shows again when an earlier e-mail's mark is worked out anew.
            await outbox.Rows.MarkDelayReportedAsync(row, now, cancellationToken);
        }
    }

    /// <summary>
    /// The quick retries are spent: the page shows it, the audit says it, and the administrator is told (queued) once
    /// per spell of delays of the application, named after the e-mail that opened it.
    /// </summary>
    private async Task ReportDelayAsync(EmailDelivery delivery, string step, string reason, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var opened = await delays.OpenAsync(delivery.Reference, step, since, cancellationToken);
        await audit.RecordAsync(
            delivery.Reference,
            AuditSteps.NoticeDelayed(delivery.RowKey),
            new AuditEntry(AuditAction.IncidentOpened, since, AuditActors.System, $"e-mail {step} — {reason}"),
            cancellationToken);
        if (opened && await loader.FindAsync(delivery.Reference, cancellationToken) is { } application)
        {
            var notice = new IncidentNotice(delivery.Reference, 0, $"e-mail {step}", reason);
            await outbox.QueueOnceAsync(delivery.Reference, OutboxSteps.DelayedNotice(step), AdministratorEmails.Incident(application, notice), onSend: null, cancellationToken);
        }
    }

    /// <summary>The audit row of the sending, for a row of an application's partition that asks for one; else null.</summary>
    private TableEntity? AuditedInPartition(EmailDelivery delivery, TableEntity row) =>
        OutboxRows.InPartition(row.RowKey) && row.GetString("AuditStep") is { Length: > 0 } auditStep && Enum.TryParse<AuditAction>(row.GetString("AuditAction"), out var action)
            ? audit.NewRow(delivery.Reference, auditStep, new AuditEntry(action, clock.GetUtcNow(), AuditActors.System, row.GetString("AuditDetail") ?? string.Empty))
            : null;

    private async Task RecordSentAsync(EmailDelivery delivery, TableEntity row, CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        if (row.GetString("AuditStep") is { Length: > 0 } auditStep && Enum.TryParse<AuditAction>(row.GetString("AuditAction"), out var action))
        {
            await audit.RecordAsync(delivery.Reference, auditStep, new AuditEntry(action, sentAt, AuditActors.System, row.GetString("AuditDetail") ?? string.Empty), cancellationToken);
        }

        await RecordDelayEndAsync(delivery, row, sentAt, cancellationToken);
    }

    /// <summary>An e-mail whose delay was reported went out: the end of the delay audited, the page's mark closed.</summary>
    private async Task RecordDelayEndAsync(EmailDelivery delivery, TableEntity row, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        if (row.GetBoolean("DelayReported") == true)
        {
            await audit.RecordAsync(
                delivery.Reference,
                AuditSteps.NoticeDelivered(delivery.RowKey),
                new AuditEntry(AuditAction.IncidentResolved, sentAt, AuditActors.System, $"e-mail {row.GetString("Step")}"),
                cancellationToken);
            await delays.CloseAsync(delivery.Reference, cancellationToken);
        }
    }

    private static string Describe(Exception error)
    {
        var message = error.Message.Length > 300 ? error.Message[..300] + "…" : error.Message;
        return $"{error.GetType().Name}: {message}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending e-mail {RowKey} of {Reference} failed in the dispatcher; queued again")]
    private static partial void LogOwnFailure(ILogger logger, Exception error, string reference, string rowKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The relay refused e-mail {Step} of {Reference} (attempt {Attempt}); next attempt in {Delay}")]
    private static partial void LogRefused(ILogger logger, Exception error, string reference, string step, int attempt, TimeSpan delay);
}
