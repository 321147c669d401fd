using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Orchestration;

/// <summary>Records an ending no person decided: silence vaut acceptation or rejet, or no answer to a request for changes.</summary>
public sealed class CloseApplicationActivity(ApplicationLoader loader, ApplicationStatusWriter status, AuditTrail audit, FaultInjection faults, TimeProvider clock)
{
    public async Task RunAsync(Closing closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        var application = await loader.GetAsync(closing.Reference, CancellationToken.None);
        var period = application.Procedure.Legal.DecisionDeadline.Describe(Language.French);
        var (to, action, detail) = closing.Reason switch
        {
            ClosingReason.ImplicitAcceptance => (ApplicationStatus.Approved, AuditAction.ImplicitDecision, $"Silence vaut acceptation : aucune décision dans le délai de {period}."),
            ClosingReason.ImplicitRejection => (ApplicationStatus.Rejected, AuditAction.ImplicitDecision, $"Silence vaut rejet : aucune décision dans le délai de {period}."),
            _ => (ApplicationStatus.Abandoned, AuditAction.Abandoned, "Le demandeur n'a pas répondu à la demande de compléments dans le délai."),
        };
        // ImplicitDecision goes with the status, so what follows it (the published statistics) tells SVA/SVR apart.
        var change = new StatusChange(to) { DecisionReason = detail, ImplicitDecision = closing.Reason is ClosingReason.ImplicitAcceptance or ClosingReason.ImplicitRejection };
        var entry = new AuditEntry(action, clock.GetUtcNow(), AuditActors.System, detail);
        if (application.Record.InPartition)
        {
            // Decision 0012: the status and its audit row in one transaction.
            await status.CommitStepAsync(closing.Reference, application.Record, _ => change, [audit.NewRow(closing.Reference, AuditSteps.Closing(closing.Reason), entry)], [], CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.CloseApplication, closing.Reference);
            return;
        }

        await status.TransitionAsync(closing.Reference, change, CancellationToken.None);
        await audit.RecordAsync(closing.Reference, AuditSteps.Closing(closing.Reason), entry, CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.CloseApplication, closing.Reference);
    }
}
