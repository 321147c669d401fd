using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// Records a reviewer's decision the one way every channel does (the e-mail link's <see cref="Review.ReviewHandler"/>,
/// the back office, its bulk decisions): the pending request first (so the sweeper finds it if this process dies), then
/// the decision row of the round (a conditional insert: the first decision wins), then the workflow's event. The
/// workflow alone changes the status.
/// </summary>
public sealed partial class DecisionRecorder(ReviewDecisions decisions, PendingRequests pending, ILogger<DecisionRecorder> logger)
{
    /// <summary>
    /// Null when this call recorded the decision; otherwise the decision that stands (nothing was changed): one recorded
    /// before, or — when the decision comes at or after the legal deadline of a procedure where silence decides — the
    /// implicit decision silence took then, on every path alike (e-mail link, back office, bulk).
    /// </summary>
    public Task<RecordedDecision?> RecordAsync(DurableTaskClient durable, LoadedApplication application, int round, RecordedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(decision);
        if (ImplicitBy(application, decision.DecidedAt) is { } implicitDecision)
        {
            LogTooLate(application.Reference);
            return Task.FromResult<RecordedDecision?>(implicitDecision);
        }

        return RecordAsync(durable, application.Reference, round, decision, cancellationToken);
    }

    /// <summary>The decision silence took, when a decision taken at <paramref name="at"/> comes at or after the legal deadline; null otherwise.</summary>
    public static RecordedDecision? ImplicitBy(LoadedApplication application, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(application);
        var silence = application.Procedure.Legal.SilenceMeans;
        if (silence == SilenceMeans.None || application.Record.DeadlineSuspended || at < application.DecisionDueAt)
        {
            return null;
        }

        return new RecordedDecision(
            silence == SilenceMeans.Acceptance ? RecordedDecision.ImplicitAcceptance : RecordedDecision.ImplicitRejection,
            AuditActors.System,
            string.Empty,
            application.DecisionDueAt);
    }

    /// <summary>Null when this call recorded the decision; otherwise the decision recorded before (nothing was changed).</summary>
    private async Task<RecordedDecision?> RecordAsync(DurableTaskClient durable, string reference, int round, RecordedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(decision);
        await pending.RecordAsync(reference, RequestKind.Decision, round, decision.DecidedAt, cancellationToken);
        if (await decisions.TryRecordAsync(reference, round, decision, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), WorkflowNames.ReviewDecisionEvent, ReviewDecisionEvents.From(decision, round), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Recorded: the sweeper delivers it.
            LogDeliveryDeferred(exception, reference);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision on {Reference} refused: the legal deadline has passed and silence decided")]
    private partial void LogTooLate(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision on {Reference} recorded; its event could not be raised now, the sweeper will deliver it")]
    private partial void LogDeliveryDeferred(Exception exception, string reference);
}
