using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Records a reviewer's decision the one way every channel does (the e-mail link's <see cref="Http.ReviewHandler"/>,
/// the back office, its bulk decisions): the pending request first (so the sweeper finds it if this process dies), then
/// the decision row of the round (a conditional insert: the first decision wins), then the workflow's event. The
/// workflow alone changes the status.
/// </summary>
public sealed partial class DecisionRecorder(ReviewDecisions decisions, PendingRequests pending, ILogger<DecisionRecorder> logger)
{
    /// <summary>Null when this call recorded the decision; otherwise the decision recorded before (nothing was changed).</summary>
    public async Task<RecordedDecision?> RecordAsync(DurableTaskClient durable, string reference, int round, RecordedDecision decision, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision on {Reference} recorded; its event could not be raised now, the sweeper will deliver it")]
    private partial void LogDeliveryDeferred(Exception exception, string reference);
}
