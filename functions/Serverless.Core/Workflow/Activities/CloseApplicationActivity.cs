using Serverless.Core.Applications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>Records an ending no person decided: silence vaut acceptation or rejet, or no answer to a request for changes.</summary>
public sealed class CloseApplicationActivity(ApplicationLoader loader, ApplicationRepository applications, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(Closing closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        var application = await loader.GetAsync(closing.Reference, CancellationToken.None);
        var days = application.Procedure.Legal.DecisionDeadlineDays;
        var (status, action, detail) = closing.Reason switch
        {
            ClosingReason.ImplicitAcceptance => (ApplicationStatus.Approved, AuditAction.ImplicitDecision, $"Silence vaut acceptation : aucune décision dans le délai de {days} jours."),
            ClosingReason.ImplicitRejection => (ApplicationStatus.Rejected, AuditAction.ImplicitDecision, $"Silence vaut rejet : aucune décision dans le délai de {days} jours."),
            _ => (ApplicationStatus.Abandoned, AuditAction.Abandoned, "Le demandeur n'a pas répondu à la demande de compléments dans le délai."),
        };
        await applications.UpdateStatusAsync(closing.Reference, status, CancellationToken.None, detail);
        await audit.RecordAsync(closing.Reference, $"wf-055-closing-{closing.Reason}", new AuditEntry(action, clock.GetUtcNow(), AuditActors.System, detail), CancellationToken.None);
    }
}
