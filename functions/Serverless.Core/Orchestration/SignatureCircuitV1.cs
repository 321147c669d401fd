using Microsoft.DurableTask;
using Serverless.Core.Circuits;
using Serverless.Core.Deadlines;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// A decision's signature circuit, run by the application's workflow (version 7 on). Each circuit keeps the path of
/// the version it started on (<see cref="CircuitInput.CircuitVersion"/>, recorded in its start's history); a change is
/// a new version, never an edit of one in use.
/// </summary>
internal static class SignatureCircuitWorkflow
{
    public static Task<CircuitOutcome> RunAsync(TaskOrchestrationContext context, WorkflowSteps steps, CircuitInput input, Task withdrawal)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.CircuitVersion switch
        {
            1 => SignatureCircuitV1.RunAsync(context, steps, input, withdrawal),
            _ => throw new InvalidOperationException($"Unknown circuit version {input.CircuitVersion}."),
        };
    }
}

/// <summary>
/// Version 1 of a decision's circuit. Pass 1 starts with the drafter (step 0), then each visa, then the signature; a
/// step is asked by e-mail (<see cref="WorkflowActivities.RequestCircuitStep"/>), waited for with reminders and an
/// escalation on working days, and its recorded action applied (<see cref="WorkflowActivities.ApplyCircuitAction"/>).
/// A send-back starts a new pass at the drafter; an amendment by a visa holder starts a new pass at the first visa, on
/// the new version (every visa is given to the text that is signed). The signature ends the circuit with the signed
/// document; the citizen's withdrawal ends it unsigned. Failed steps go to an incident as every step of the workflow.
/// Deterministic: timers, events and activities only.
/// </summary>
internal static class SignatureCircuitV1
{
    public static async Task<CircuitOutcome> RunAsync(TaskOrchestrationContext context, WorkflowSteps steps, CircuitInput input, Task withdrawal)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = input.Plan;
        var (pass, step, version) = (1, 0, 1);
        while (true)
        {
            await steps.CallAsync(WorkflowActivities.RequestCircuitStep, new CircuitStepRequest(plan, pass, version, step, 0));
            if (!await WaitAsync(context, steps, plan, pass, version, step, withdrawal))
            {
                return new CircuitOutcome(false, version, null);
            }

            var result = await steps.CallAsync(WorkflowActivities.ApplyCircuitAction, new CircuitStepAction(plan, pass, version, step));
            version = result.Version;
            switch (result.Action)
            {
                case CircuitAction.Sign:
                    return new CircuitOutcome(true, version, DecisionDocuments.BlobName(plan.Reference, version, pass, step));
                case CircuitAction.SendBack:
                    (pass, step) = (pass + 1, 0);
                    break;
                case CircuitAction.Amend:
                    (pass, step) = (pass + 1, 1);
                    break;
                default:
                    step++;
                    break;
            }
        }
    }

    /// <summary>Waits for the step's action; sends its reminders and its escalation when due. False: withdrawn.</summary>
    private static async Task<bool> WaitAsync(TaskOrchestrationContext context, WorkflowSteps steps, CircuitPlan plan, int pass, int version, int step, Task withdrawal)
    {
        var clock = new WorkflowClock(plan.Timing.DayLength);
        var askedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var pending = new Queue<(DateTimeOffset At, int Reminder, bool Escalate)>(Enumerable.Range(1, plan.Timing.MaxReminders)
            .Select(number => (At: clock.AddWorkingDays(askedAt, number * plan.Timing.ReminderAfterDays), Reminder: number, Escalate: false))
            .Append((At: clock.AddWorkingDays(askedAt, plan.Timing.EscalateAfterDays), Reminder: 0, Escalate: true))
            .OrderBy(nudge => nudge.At));
        var acted = context.WaitForExternalEvent<CircuitActionEvent>(CircuitNames.ActionEvent);
        context.SetCustomStatus(CircuitNames.AwaitingActionAt(pass, step));
        try
        {
            while (true)
            {
                using var timerCancellation = new CancellationTokenSource();
                var tasks = new List<Task> { acted, withdrawal };
                if (pending.Count > 0)
                {
                    tasks.Add(context.CreateTimer(pending.Peek().At.UtcDateTime, timerCancellation.Token));
                }

                var winner = await Task.WhenAny(tasks);
                if (winner == withdrawal || winner == acted)
                {
                    // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler.
                    timerCancellation.Cancel();
                    if (winner == withdrawal)
                    {
                        return false;
                    }

                    var received = await acted;
                    if (received.Pass == pass && received.Step == step)
                    {
                        return true;
                    }

                    // An action of a step the circuit has left (redelivered late): ignore it, keep waiting.
                    acted = context.WaitForExternalEvent<CircuitActionEvent>(CircuitNames.ActionEvent);
                    continue;
                }

                var nudge = pending.Dequeue();
                await steps.CallAsync(WorkflowActivities.RequestCircuitStep, new CircuitStepRequest(plan, pass, version, step, nudge.Reminder, nudge.Escalate));
            }
        }
        finally
        {
            context.SetCustomStatus(null);
        }
    }
}
