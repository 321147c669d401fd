using Serverless.Core.Notifications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>One reviewer's e-mail of a round (the request or a reminder), sent once through the outbox.</summary>
public sealed class SendReviewerEmailActivity(ApplicationLoader loader, ReviewerNotifier notifier, AuditTrail audit, FaultInjection faults, TimeProvider clock)
{
    public async Task RunAsync(ReviewerEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var application = await loader.GetAsync(email.Reference, CancellationToken.None);
        await notifier.SendAsync(application, email, OutboxSteps.Review(email.Round, email.ReminderNumber));
        if (email.ReminderNumber > 0)
        {
            await audit.RecordAsync(
                email.Reference,
                AuditSteps.Reminder(email.Round, email.ReminderNumber, email.Recipient),
                new AuditEntry(AuditAction.ReminderSent, clock.GetUtcNow(), AuditActors.System, $"Relance n° {email.ReminderNumber} : {email.Recipient}"),
                CancellationToken.None);
        }

        faults.AfterSideEffect(ActivityNames.SendReviewerEmail, $"{email.Reference}|{email.Round}|{email.ReminderNumber}|{email.Recipient}");
    }
}
