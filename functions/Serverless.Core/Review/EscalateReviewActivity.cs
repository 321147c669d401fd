using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// Brings a waiting application to the deputy, then to the supervisor (the procedure's escalation contact, else the
/// commune's contact address), with links that decide like the reviewers' own. One recipient, one e-mail, once.
/// </summary>
public sealed class EscalateReviewActivity(ApplicationLoader loader, ReviewerNotifier notifier, AuditTrail audit, FaultInjection faults, TimeProvider clock)
{
    public async Task RunAsync(Escalation escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var application = await loader.GetAsync(escalation.Reference, CancellationToken.None);
        var review = application.Procedure.Review;
        var recipient = escalation.Level == EscalationLevel.Deputy
            ? review.Deputy ?? review.Escalation ?? application.Commune.ContactEmail
            : review.Escalation ?? application.Commune.ContactEmail;
        await notifier.SendAsync(application, new ReviewerEmail(escalation.Reference, escalation.Round, 0, recipient, escalation.Level), OutboxSteps.Escalation(escalation.Round, escalation.Level));
        await audit.RecordAsync(
            escalation.Reference,
            AuditSteps.Escalation(escalation.Round, escalation.Level),
            new AuditEntry(AuditAction.Escalated, clock.GetUtcNow(), AuditActors.System, $"{escalation.Level}: {recipient}"),
            CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.EscalateReview, escalation.Reference);
    }
}
