using Microsoft.Extensions.Logging;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// A submission's two hand-offs to its workflow: the start request recorded in <see cref="PendingRequests"/> before
/// the row (what the sweeper starts the workflow from, or removes the files by, whatever happens next), and the start
/// message (<see cref="WorkflowStartMessages"/>), the quick path, sent with the row.
/// </summary>
public sealed partial class WorkflowStartRequests(
    PendingRequests pending,
    WorkflowStarter starter,
    WorkflowStartMessages messages,
    ILogger<WorkflowStartRequests> logger)
{
    public Task RecordAsync(string reference, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        pending.RecordAsync(reference, RequestKind.Start, 0, receivedAt, cancellationToken);

    /// <summary>
    /// Sends the start message; a failure is logged, not thrown: the recorded start request still starts the workflow
    /// (the sweeper), so the submission is accepted either way.
    /// </summary>
    public async Task SendAsync(ProcedureDefinition procedure, string reference, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        try
        {
            // Not scheduled here: the task hub's own storage calls made most of a submission's time under load.
            await messages.EnqueueAsync(starter.Input(procedure, reference, receivedAt), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStartDeferred(exception, reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: its workflow's start message could not be sent; the sweeper starts it from the start request")]
    private partial void LogStartDeferred(Exception exception, string reference);
}
