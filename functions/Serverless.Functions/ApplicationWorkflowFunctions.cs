using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// The application workflow's orchestrator. Its activities' wrappers are grouped by step family, so that no class
/// takes every activity: <see cref="AdmissionStepFunctions"/>, <see cref="ReviewStepFunctions"/>,
/// <see cref="DecisionStepFunctions"/>, <see cref="IncidentStepFunctions"/> and <see cref="CombinedStepFunctions"/>.
/// </summary>
public static class ApplicationWorkflowFunctions
{
    [Function(WorkflowNames.ApplicationWorkflow)]
    public static Task<ApplicationOutcome> ApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Serverless.Core.Orchestration.ApplicationWorkflow.RunAsync(context, context.GetInput<ApplicationWorkflowInput>()!);
}
