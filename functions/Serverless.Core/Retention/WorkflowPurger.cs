using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;

namespace Serverless.Core.Retention;

/// <summary>
/// Removes a decided application's orchestration instance from the task hub (its history, inputs, outputs, events and
/// large-message blobs: reviewers' addresses, comments, reasons, incident texts). Only an instance that has ended is
/// purged; a running one is left for the next retention pass. A purged instance is never started again: the start
/// paths refuse a decided application (<c>WorkflowStartHandler</c>, <c>RequestSweeper</c>).
/// </summary>
public sealed partial class WorkflowPurger(ILogger<WorkflowPurger> logger)
{
    /// <summary>True when nothing of the application's instance remains in the task hub.</summary>
    public async Task<bool> PurgeAsync(DurableTaskClient durable, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var instanceId = ApplicationReference.InstanceId(reference);
        var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return true;
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            LogStillRunning(reference, instance.RuntimeStatus);
            return false;
        }

        await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        LogPurged(reference);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of {Reference} not purged yet: it is {Status}; the next retention pass tries again")]
    private partial void LogStillRunning(string reference, OrchestrationRuntimeStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow of {Reference} purged from the task hub")]
    private partial void LogPurged(string reference);
}
