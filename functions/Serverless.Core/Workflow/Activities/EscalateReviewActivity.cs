using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// Brings a waiting application to the deputy, then to the supervisor (the procedure's escalation contact, else the
/// commune's contact address), with links that decide like the reviewers' own.
/// </summary>
public sealed class EscalateReviewActivity(ApplicationLoader loader, ReviewerNotifier notifier, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(Escalation escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var application = await loader.GetAsync(escalation.Reference, CancellationToken.None);
        var review = application.Procedure.Review;
        var recipient = escalation.Level == EscalationLevel.Deputy
            ? review.Deputy ?? review.Escalation ?? application.Commune.ContactEmail
            : review.Escalation ?? application.Commune.ContactEmail;
        await notifier.NotifyAsync(new ReviewRequest(escalation.Reference, escalation.Round, 0), [recipient], escalation.Level);
        await audit.RecordAsync(
            escalation.Reference,
            $"wf-045-escalation-r{escalation.Round:D2}-{escalation.Level}",
            new AuditEntry(AuditAction.Escalated, clock.GetUtcNow(), AuditActors.System, $"{escalation.Level}: {recipient}"),
            CancellationToken.None);
    }
}
