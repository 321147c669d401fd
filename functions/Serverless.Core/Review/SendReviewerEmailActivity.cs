using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>One reviewer's e-mail of a round (the request or a reminder), sent once through the outbox, or queued for the dispatcher (version 3).</summary>
public sealed class SendReviewerEmailActivity(ApplicationLoader loader, ReviewerNotifier notifier, AuditTrail audit, FaultInjection faults, TimeProvider clock)
{
    public async Task RunAsync(ReviewerEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var application = await loader.GetAsync(email.Reference, CancellationToken.None);
        var step = OutboxSteps.Review(email.Round, email.ReminderNumber);
        var reminder = email.ReminderNumber > 0
            ? new AuditOnSend(AuditSteps.Reminder(email.Round, email.ReminderNumber, email.Recipient), AuditAction.ReminderSent, $"Relance n° {email.ReminderNumber} : {email.Recipient}")
            : null;
        if (email.Queued)
        {
            await notifier.QueueAsync(application, email, step, reminder);
        }
        else
        {
            await notifier.SendAsync(application, email, step);
            if (reminder is not null)
            {
                await audit.RecordAsync(email.Reference, reminder.Step, new AuditEntry(reminder.Action, clock.GetUtcNow(), AuditActors.System, reminder.Detail), CancellationToken.None);
            }
        }

        faults.AfterSideEffect(ActivityNames.SendReviewerEmail, $"{email.Reference}|{email.Round}|{email.ReminderNumber}|{email.Recipient}");
    }
}
