using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>Starts an application's workflow under its deterministic instance id, on the current workflow version.</summary>
public sealed class WorkflowStarter(IOptions<ReviewOptions> review, IOptions<WorkflowOptions> workflow)
{
    /// <summary>
    /// The workflow's input, fixed here from the definition (and the deployment's overrides), so editing the catalogue
    /// later never changes the delays of an application already submitted.
    /// </summary>
    /// <param name="receivedAt">The application's recorded receipt (<c>SubmittedAt</c>): the legal deadline runs from it.</param>
    public ApplicationWorkflowInput Input(ProcedureDefinition procedure, string reference, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var timing = new WorkflowTiming(
            procedure.Review.ReminderAfterDays,
            review.Value.MaxReminders ?? procedure.Review.MaxReminders,
            procedure.Review.EscalateAfterDays,
            procedure.Legal.DecisionDeadlineDays,
            procedure.Legal.SilenceMeans,
            procedure.Review.CorrectionDelayDays,
            review.Value.DayLength)
        {
            DecisionPeriod = procedure.Legal.DecisionDeadline,
            CorrectionEffect = procedure.Legal.CorrectionEffect,
        };
        return new ApplicationWorkflowInput(reference, procedure.Id, timing, WorkflowNames.CurrentVersion, workflow.Value.Retry) { ReceivedAt = receivedAt, HasSignatureCircuit = procedure.SignatureCircuit is not null, Payment = procedure.Payment?.When };
    }

    /// <summary>Schedules the instance. Callers look first whether it exists (the start queue's handler, the sweeper).</summary>
    public Task StartAsync(DurableTaskClient durable, ProcedureDefinition procedure, string reference, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        StartAsync(durable, Input(procedure, reference, receivedAt), cancellationToken);

    /// <inheritdoc cref="StartAsync(DurableTaskClient, ProcedureDefinition, string, DateTimeOffset, CancellationToken)"/>
    public static async Task StartAsync(DurableTaskClient durable, ApplicationWorkflowInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(input);
        await durable.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ApplicationWorkflow,
            input,
            new StartOrchestrationOptions(ApplicationReference.InstanceId(input.Reference)),
            cancellationToken);
    }
}
