using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;

namespace Serverless.Core.Workflow;

/// <summary>Starts an application's workflow: by the submission, or later by the sweeper if the submission crashed.</summary>
public sealed class WorkflowStarter(IOptions<ReviewOptions> review, IOptions<WorkflowOptions> workflow)
{
    /// <summary>
    /// Schedules the instance on the current workflow version. The submission calls it for a reference it has just
    /// created (no instance can exist yet, so it does not look first); the sweeper looks first.
    /// </summary>
    public async Task StartAsync(DurableTaskClient durable, ProcedureDefinition procedure, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(procedure);

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
            new ApplicationWorkflowInput(reference, procedure.Id, timing, WorkflowNames.CurrentVersion, workflow.Value.Retry),
            new StartOrchestrationOptions(ApplicationReference.InstanceId(reference)),
            cancellationToken);
    }
}
