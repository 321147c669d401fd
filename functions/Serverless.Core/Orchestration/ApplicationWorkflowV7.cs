using Microsoft.DurableTask;
using Serverless.Core.Circuits;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 7: version 6's path, with the signature circuit between an agent's approval and the certificate (issue 26).
/// When the procedure's circuit applies to the application (<see cref="WorkflowActivities.StartCircuit"/> answers its
/// plan), the decision is drafted, visaed and signed (<see cref="SignatureCircuitWorkflow"/>, versioned on its own by
/// <see cref="CircuitInput.CircuitVersion"/>) inside this instance — not a sub-orchestration: decision 0013 says why —
/// and the certificate then goes out with the signed decision. A withdrawal during the circuit ends the application.
/// An approval by silence has no circuit: the law makes that decision, nobody signs it.
/// </summary>
public static class ApplicationWorkflowV7
{
    public const int Version = 7;

    public static Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // A procedure without a circuit takes version 6's path exactly, with no activity more.
        return ApplicationWorkflowV6.RunAsync(context, input, Hooks(context, input));
    }

    /// <summary>The circuit between approval and certificate, for a procedure that has one (version 8 adds its payment waits).</summary>
    internal static WorkflowHooks Hooks(TaskOrchestrationContext context, ApplicationWorkflowInput input) =>
        new(input.HasSignatureCircuit ? (steps, decision, withdrawal, dueAt) => CircuitAsync(context, steps, input, decision, withdrawal, dueAt) : null);

    private static async Task<(bool Withdrawn, string? SignedDecision)> CircuitAsync(
        TaskOrchestrationContext context, WorkflowSteps steps, ApplicationWorkflowInput input, ReviewDecisionEvent decision, Task<WithdrawalEvent> withdrawal, DateTimeOffset dueAt)
    {
        var plan = await steps.CallAsync(WorkflowActivities.StartCircuit, new CircuitStart(input.Reference, decision.Reviewer, decision.DecidedAt, dueAt, input.Timing.DayLength));
        if (plan is null)
        {
            return (false, null);
        }

        var outcome = await SignatureCircuitWorkflow.RunAsync(context, steps, new CircuitInput(plan, CircuitNames.CurrentVersion, dueAt), withdrawal);
        return outcome.Completed ? (false, outcome.DecisionBlob) : (true, null);
    }
}
