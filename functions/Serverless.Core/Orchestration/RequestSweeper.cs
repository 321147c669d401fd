using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Circuits;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Nothing recorded is lost: reads the pending requests older than <see cref="RecoveryOptions.MinimumAge"/> (one
/// partition: its cost follows the requests in flight, not the applications ever filed) and finishes each one's
/// job — starts the workflow of a submission whose process died before scheduling it (or removes the attachments of
/// one that died before storing its row), and delivers again a decision,
/// withdrawal or correction whose event was lost (raised at an instance that was not waiting yet, or never raised).
/// Events are raised only while the instance waits for them; the activity that applies a request removes it, and a
/// request whose application ended is dropped (one whose instance was lost while the application is pending is kept
/// for the instance <see cref="LostWorkflowSweep"/> restarts). Run every minute by a timer (Functions) or a loop (local host).
/// </summary>
public sealed partial class RequestSweeper(
    PendingRequests pending,
    ApplicationRepository applications,
    ApplicationLoader loader,
    ReviewDecisions decisions,
    DecisionDrafts drafts,
    BlobFiles files,
    WorkflowStarter starter,
    AuditTrail audit,
    IOptions<RecoveryOptions> options,
    TimeProvider clock,
    ILogger<RequestSweeper> logger)
{
    private const int BatchSize = 500;

    /// <summary>Returns how many requests were delivered again (or workflows started).</summary>
    public async Task<int> SweepAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var now = clock.GetUtcNow();
        var delivered = 0;
        foreach (var request in await pending.DueAsync(now - options.Value.MinimumAge, BatchSize, cancellationToken))
        {
            // With inputs and outputs: the custom status (what the instance waits for) comes only with them.
            var instance = await durable.GetInstanceAsync(ApplicationReference.InstanceId(request.Reference), getInputsAndOutputs: true, cancellationToken);
            var outcome = request.Kind == RequestKind.Start
                ? await StartAsync(durable, request, instance, cancellationToken)
                : await RedeliverAsync(durable, request, instance, cancellationToken);
            switch (outcome)
            {
                case Outcome.Done:
                    await pending.CompleteAsync(request.Reference, request.Kind, request.Round, cancellationToken);
                    break;
                case Outcome.Delivered:
                    delivered++;
                    LogRedelivered(request.Reference, request.Kind);
                    await pending.MarkDeliveredAsync(request, now, cancellationToken);
                    break;
                default:
                    await pending.MarkDeliveredAsync(request, now, cancellationToken);
                    break;
            }
        }

        return delivered;
    }

    private enum Outcome
    {
        /// <summary>Nothing left to do: drop the request.</summary>
        Done,

        /// <summary>Delivered (again): look again after an interval, until the workflow applies it.</summary>
        Delivered,

        /// <summary>The instance is busy (not waiting): look again after an interval.</summary>
        Later,
    }

    private async Task<Outcome> StartAsync(DurableTaskClient durable, PendingRequest request, OrchestrationMetadata? instance, CancellationToken cancellationToken)
    {
        if (instance is not null)
        {
            // Started: its first activity removes the request; an ended one needs nothing more.
            return instance.IsCompleted ? Outcome.Done : Outcome.Later;
        }

        if (await applications.FindAsync(request.Reference, cancellationToken) is null)
        {
            // Rolled back, or the process died before the row was stored: nothing was accepted; its files go too.
            if (await files.DeletePrefixAsync(StorageNames.AttachmentsContainer, request.Reference + "/", cancellationToken) > 0)
            {
                LogOrphansRemoved(request.Reference);
            }

            return Outcome.Done;
        }

        if (await loader.FindAsync(request.Reference, cancellationToken) is not { } application)
        {
            // Stored, but its procedure version cannot be read now: look again later rather than lose it.
            return Outcome.Later;
        }

        if (application.Record.StatusValue.IsFinal() || application.Record.ErasedAt is not null)
        {
            // Decided, and its instance purged since: a decided application is never started again.
            return Outcome.Done;
        }

        await starter.StartAsync(durable, application.Procedure, request.Reference, application.Record.SubmittedAt, cancellationToken);
        await audit.RecordAsync(request.Reference, AuditSteps.Recovered, new AuditEntry(AuditAction.WorkflowRecovered, clock.GetUtcNow(), AuditActors.System, string.Empty), cancellationToken);
        return Outcome.Delivered;
    }

    private async Task<Outcome> RedeliverAsync(DurableTaskClient durable, PendingRequest request, OrchestrationMetadata? instance, CancellationToken cancellationToken)
    {
        if (instance is null || instance.IsCompleted)
        {
            // Ended with the application: nothing waits for the request. Lost while it is pending: kept, for the
            // instance that LostWorkflowSweep restarts.
            return await applications.FindAsync(request.Reference, cancellationToken) is { ErasedAt: null } record && record.StatusValue.IsPending()
                ? Outcome.Later
                : Outcome.Done;
        }

        var waitingFor = instance.ReadCustomStatusAs<string>();
        var instanceId = instance.InstanceId;
        switch (request.Kind)
        {
            case RequestKind.Decision:
                if (await decisions.FindAsync(request.Reference, request.Round, cancellationToken) is not { } decision)
                {
                    return Outcome.Done;
                }

                if (waitingFor != WorkflowNames.AwaitingReview)
                {
                    return Outcome.Later;
                }

                await durable.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, ReviewDecisionEvents.From(decision, request.Round), cancellationToken);
                return Outcome.Delivered;
            case RequestKind.Withdrawal:
                if (waitingFor is not (WorkflowNames.AwaitingReview or WorkflowNames.AwaitingCorrection) && waitingFor?.StartsWith(CircuitNames.AwaitingAction, StringComparison.Ordinal) != true)
                {
                    return Outcome.Later;
                }

                await durable.RaiseEventAsync(instanceId, WorkflowNames.WithdrawalEvent, new WithdrawalEvent(request.RecordedAt), cancellationToken);
                return Outcome.Delivered;
            case RequestKind.CircuitAction:
                return await RedeliverCircuitActionAsync(durable, request, instanceId, waitingFor, cancellationToken);
            default:
                if (await loader.FindAsync(request.Reference, cancellationToken) is not { } application || application.Record.CorrectedRound < request.Round)
                {
                    // The correction's data was never stored: nothing to deliver.
                    return Outcome.Done;
                }

                if (waitingFor != WorkflowNames.AwaitingCorrection)
                {
                    return Outcome.Later;
                }

                await durable.RaiseEventAsync(instanceId, WorkflowNames.CorrectionEvent, new CorrectionEvent(request.Round, request.RecordedAt), cancellationToken);
                return Outcome.Delivered;
        }
    }

    /// <summary>
    /// A circuit's recorded action, raised again while the workflow waits for that very step; dropped when the circuit
    /// has moved past the step (the action was applied: the request is stale).
    /// </summary>
    private async Task<Outcome> RedeliverCircuitActionAsync(DurableTaskClient durable, PendingRequest request, string instanceId, string? waitingFor, CancellationToken cancellationToken)
    {
        var (pass, step) = CircuitRequests.Of(request.Round);
        if (await drafts.FindActionAsync(request.Reference, pass, step, cancellationToken) is not { } action)
        {
            return Outcome.Done;
        }

        if (waitingFor != CircuitNames.AwaitingActionAt(pass, step))
        {
            // Busy applying it, or past it: look again later; a step the circuit left is never waited for again.
            return waitingFor is not null && waitingFor.StartsWith(CircuitNames.AwaitingAction, StringComparison.Ordinal) ? Outcome.Done : Outcome.Later;
        }

        await durable.RaiseEventAsync(instanceId, CircuitNames.ActionEvent, new CircuitActionEvent(pass, step, action.Action), cancellationToken);
        return Outcome.Delivered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission {Reference} never stored its row: removed its attachments")]
    private partial void LogOrphansRemoved(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: recorded {Kind} was not applied yet; delivered it again")]
    private partial void LogRedelivered(string reference, RequestKind kind);
}
