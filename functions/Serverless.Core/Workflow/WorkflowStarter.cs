using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;

namespace Serverless.Core.Workflow;

/// <summary>Starts an application's workflow once: by the submission, or later by the recovery if the submission crashed.</summary>
public sealed class WorkflowStarter(IOptions<ReviewOptions> review)
{
    /// <summary>True when this call started it; false when it was already there.</summary>
    public async Task<bool> StartAsync(DurableTaskClient durable, ProcedureDefinition procedure, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(procedure);
        var instanceId = ApplicationReference.InstanceId(reference);
        if (await durable.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return false;
        }

        // Fixed here from the definition (and the deployment's overrides), so editing the catalogue later never
        // changes the delays of an application already running.
        var timing = new WorkflowTiming(
            procedure.Review.ReminderAfterDays,
            review.Value.MaxReminders ?? procedure.Review.MaxReminders,
            procedure.Review.EscalateAfterDays,
            procedure.Legal.DecisionDeadlineDays,
            procedure.Legal.SilenceMeans,
            procedure.Review.CorrectionDelayDays,
            review.Value.DayLength);
        await durable.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ApplicationWorkflow,
            new ApplicationWorkflowInput(reference, procedure.Id, timing),
            new StartOrchestrationOptions(instanceId),
            cancellationToken);
        return true;
    }
}
