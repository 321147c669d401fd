using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Circuits;

/// <summary>
/// Records a person's action in a circuit the one way the page does it: the pending request first (the sweeper finds
/// it if this process dies), then the action row (a conditional insert: the first action at a step wins), then the
/// event at the application's instance. The workflow alone applies it.
/// </summary>
public sealed partial class CircuitRequests(DecisionDrafts drafts, PendingRequests pending, ILogger<CircuitRequests> logger)
{
    /// <summary>A step of a pass as a pending request's round: pass × 100 + step.</summary>
    public static int Round(int pass, int step) => (pass * 100) + step;

    public static (int Pass, int Step) Of(int round) => (round / 100, round % 100);

    /// <summary>Null when this call recorded the action; otherwise the action recorded first (nothing changed).</summary>
    public async Task<RecordedCircuitAction?> RecordAsync(DurableTaskClient durable, RecordedCircuitAction action, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(action);
        await pending.RecordAsync(reference, RequestKind.CircuitAction, Round(action.Pass, action.Step), action.At, cancellationToken);
        if (await drafts.TryRecordAsync(reference, action, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), CircuitNames.ActionEvent, new CircuitActionEvent(action.Pass, action.Step, action.Action), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryDeferred(exception, reference);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit action on {Reference} recorded; its event could not be raised now, the sweeper will deliver it")]
    private partial void LogDeliveryDeferred(Exception exception, string reference);
}
