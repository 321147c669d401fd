using Microsoft.DurableTask;
using Serverless.Core.Circuits;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 7: version 6's path, with the signature circuit between an agent's approval and the certificate (issue 26).
/// When the procedure's circuit applies to the application (<see cref="WorkflowActivities.StartCircuit"/> answers its
/// plan), the decision is drafted, visaed and signed in a sub-orchestration of its own
/// (<see cref="CircuitNames.SignatureCircuit"/>, versioned, its instance id the application's plus <c>:circuit</c>);
/// the certificate then goes out with the signed decision. A withdrawal during the circuit ends the application and
/// cancels the circuit. An approval by silence has no circuit: the law makes the decision, nobody signs it.
/// </summary>
public static class ApplicationWorkflowV7
{
    public const int Version = 7;

    public static Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ApplicationWorkflowV6.RunAsync(context, input, (steps, decision, withdrawal, dueAt) => CircuitAsync(context, steps, input, decision, withdrawal, dueAt));
    }

    private static async Task<(bool Withdrawn, string? SignedDecision)> CircuitAsync(
        TaskOrchestrationContext context, WorkflowSteps steps, ApplicationWorkflowInput input, ReviewDecisionEvent decision, Task<WithdrawalEvent> withdrawal, DateTimeOffset dueAt)
    {
        var plan = await steps.CallAsync(WorkflowActivities.StartCircuit, new CircuitStart(input.Reference, decision.Reviewer, decision.DecidedAt, dueAt, input.Timing.DayLength));
        if (plan is null)
        {
            return (false, null);
        }

        var circuitId = CircuitNames.InstanceId(context.InstanceId);
        var circuit = context.CallSubOrchestratorAsync<CircuitOutcome>(
            CircuitNames.SignatureCircuit,
            new CircuitInput(plan, CircuitNames.CurrentVersion, dueAt, input),
            new SubOrchestrationOptions { InstanceId = circuitId });
        context.SetCustomStatus(CircuitNames.AwaitingSignature);
        try
        {
            if (await Task.WhenAny(circuit, withdrawal) == withdrawal)
            {
                // The citizen withdrew first: nothing more is signed; the circuit ends at its next wait.
                context.SendEvent(circuitId, CircuitNames.CancelEvent, true);
                return (true, null);
            }

            var outcome = await circuit;
            return outcome.Completed ? (false, outcome.DecisionBlob) : (true, null);
        }
        finally
        {
            context.SetCustomStatus(null);
        }
    }
}
