using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>Reminds the reviewers, with fresh links, that an application still waits for them.</summary>
public sealed class SendReviewReminderActivity(ReviewerNotifier notifier, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reviewers = await notifier.NotifyAsync(request);
        await audit.RecordAsync(
            request.Reference,
            $"wf-040-reminder-r{request.Round:D2}-{request.ReminderNumber:D2}",
            new AuditEntry(AuditAction.ReminderSent, clock.GetUtcNow(), AuditActors.System, $"Relance n° {request.ReminderNumber} : {string.Join(", ", reviewers)}"),
            CancellationToken.None);
    }
}
