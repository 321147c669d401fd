using Microsoft.DurableTask;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// The orchestrator registered under <see cref="WorkflowNames.ApplicationWorkflow"/>. Instances live for months, so
/// each keeps the path of the version it started on (recorded in its input): versions 1 to 4 (frozen), version 5,
/// version 4 resumed from an application's recorded state after its instance was lost, version 6, version 4's path in
/// two activities fewer, version 7, version 6 with the signature circuit between approval and certificate, and version 8 (current), version 7
/// with the wait for the procedure's price.
/// A change to the workflow is a new version file and a new case here, never an edit of a version in use.
/// </summary>
public static class ApplicationWorkflow
{
    public static Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.WorkflowVersion switch
        {
            1 => ApplicationWorkflowV1.RunAsync(context, input),
            2 => ApplicationWorkflowV2.RunAsync(context, input),
            3 => ApplicationWorkflowV3.RunAsync(context, input),
            4 or WorkflowNames.ResumedVersion => ApplicationWorkflowV4.RunAsync(context, input),
            6 => ApplicationWorkflowV6.RunAsync(context, input),
            ApplicationWorkflowV7.Version => ApplicationWorkflowV7.RunAsync(context, input),
            ApplicationWorkflowV8.Version => ApplicationWorkflowV8.RunAsync(context, input),
            _ => throw new InvalidOperationException($"Unknown workflow version {input.WorkflowVersion}."),
        };
    }
}
