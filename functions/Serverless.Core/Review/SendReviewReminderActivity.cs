using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>Version 1's reminder: every reviewer in one activity, each e-mail once through the outbox.</summary>
public sealed class SendReviewReminderActivity(ApplicationLoader loader, ReviewerNotifier notifier, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var reviewers = notifier.ReviewersOf(application);
        foreach (var reviewer in reviewers)
        {
            await notifier.SendAsync(application, new ReviewerEmail(request.Reference, request.Round, request.ReminderNumber, reviewer), OutboxSteps.Review(request.Round, request.ReminderNumber));
        }

        await audit.RecordAsync(
            request.Reference,
            AuditSteps.Reminder(request.Round, request.ReminderNumber),
            new AuditEntry(AuditAction.ReminderSent, clock.GetUtcNow(), AuditActors.System, $"Relance n° {request.ReminderNumber} : {string.Join(", ", reviewers)}"),
            CancellationToken.None);
    }
}
