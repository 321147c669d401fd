using Microsoft.DurableTask;
using Serverless.Core.Circuits;
using Serverless.Core.Deadlines;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// The sub-orchestration registered under <see cref="CircuitNames.SignatureCircuit"/>: each instance keeps the path of
/// the version it started on (<see cref="CircuitInput.CircuitVersion"/>); a change is a new version, never an edit.
/// </summary>
public static class SignatureCircuitWorkflow
{
    public static Task<CircuitOutcome> RunAsync(TaskOrchestrationContext context, CircuitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.CircuitVersion switch
        {
            1 => SignatureCircuitV1.RunAsync(context, input),
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
/// document; the application's withdrawal cancels it. Failures go to an incident as in the application's workflow.
/// Deterministic: timers, events and activities only.
/// </summary>
internal static class SignatureCircuitV1
{
    /// <summary>The circuit's incidents are numbered from here (the application's own stay below 600).</summary>
    public const int FirstIncident = 900;

    public static async Task<CircuitOutcome> RunAsync(TaskOrchestrationContext context, CircuitInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var steps = new WorkflowSteps(context, input.Application, FirstIncident);
        var plan = input.Plan;
        var cancel = context.WaitForExternalEvent<bool>(CircuitNames.CancelEvent);
        var (pass, step, version) = (1, 0, 1);
        while (true)
        {
            await steps.CallAsync(WorkflowActivities.RequestCircuitStep, new CircuitStepRequest(plan, pass, version, step, 0));
            if (!await WaitAsync(context, steps, plan, pass, version, step, cancel))
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

    /// <summary>Waits for the step's action; sends its reminders and its escalation when due. False: cancelled.</summary>
    private static async Task<bool> WaitAsync(TaskOrchestrationContext context, WorkflowSteps steps, CircuitPlan plan, int pass, int version, int step, Task<bool> cancel)
    {
        var clock = new WorkflowClock(plan.Timing.DayLength);
        var askedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var nudges = Enumerable.Range(1, plan.Timing.MaxReminders)
            .Select(number => (At: clock.AddWorkingDays(askedAt, number * plan.Timing.ReminderAfterDays), Reminder: number, Escalate: false))
            .Append((At: clock.AddWorkingDays(askedAt, plan.Timing.EscalateAfterDays), Reminder: 0, Escalate: true))
            .OrderBy(nudge => nudge.At)
            .ToList();
        var pending = new Queue<(DateTimeOffset At, int Reminder, bool Escalate)>(nudges);
        var acted = context.WaitForExternalEvent<CircuitActionEvent>(CircuitNames.ActionEvent);
        context.SetCustomStatus(CircuitNames.AwaitingActionAt(pass, step));
        try
        {
            while (true)
            {
                using var timerCancellation = new CancellationTokenSource();
                var tasks = new List<Task> { acted, cancel };
                if (pending.Count > 0)
                {
                    tasks.Add(context.CreateTimer(pending.Peek().At.UtcDateTime, timerCancellation.Token));
                }

                var winner = await Task.WhenAny(tasks);
                if (winner == cancel)
                {
                    timerCancellation.Cancel();
                    return false;
                }

                if (winner == acted)
                {
                    // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler.
                    timerCancellation.Cancel();
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
