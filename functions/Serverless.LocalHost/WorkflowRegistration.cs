using Microsoft.DurableTask;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>
/// The orchestrator and activities the local host runs; the same names as the Functions app's
/// <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> functions (the twin test checks it).
/// </summary>
public static class WorkflowRegistration
{
    public static IReadOnlyList<string> OrchestratorNames { get; } = [WorkflowNames.ApplicationWorkflow];

    /// <summary>The activities' names, from their one declaration (<see cref="WorkflowActivities"/>).</summary>
    public static IReadOnlyList<string> ActivityNames { get; } = [.. WorkflowActivities.All.Select(activity => activity.Name)];

    public static void Register(DurableTaskRegistry registry)
    {
        // AddOrchestratorFunc<TInput, TOutput>: the output-only overload makes GetInput<T>() fail on a JsonElement.
        registry.AddOrchestratorFunc<ApplicationWorkflowInput, ApplicationOutcome>(
            WorkflowNames.ApplicationWorkflow,
            (context, input) => ApplicationWorkflow.RunAsync(context, input));

        foreach (var activity in WorkflowActivities.All)
        {
            activity.Register(registry);
        }
    }
}
