using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Notices;

/// <summary>
/// Ends the application as the workflow decided and tells the citizen: a rejection or a withdrawal is recorded
/// (status, audit) before the e-mail; an approval was recorded with its certificate, which is attached and linked.
/// Version 3 queues the e-mails for the dispatcher (the citizen's, and an approval's revocation links to the
/// reviewers), and the "citizen notified" audit entry is written when the relay accepted the citizen's.
/// </summary>
public sealed class NotifyCitizenActivity(
    ApplicationLoader loader,
    ApplicationStatusWriter status,
    RecordedRequests requests,
    EmailOutbox outbox,
    DecisionEmails emails,
    RevocationLinkNotifier revocationLinks,
    AuditTrail audit,
    FaultInjection faults,
    TimeProvider clock)
{
    public async Task RunAsync(CitizenNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var application = await loader.GetAsync(notice.Reference, CancellationToken.None);
        if (notice.Queued && application.Record.InPartition)
        {
            await RunInPartitionAsync(application, notice);
            return;
        }

        if (notice.Queued && notice.CertificateNumber is { } issued)
        {
            foreach (var reviewer in notice.RevocationRecipients ?? [])
            {
                await revocationLinks.QueueAsync(application, issued, reviewer, CancellationToken.None);
            }
        }

        await RecordOutcomeAsync(application, notice);
        var message = await emails.MessageAsync(application, notice);
        if (notice.Queued)
        {
            var onSend = new AuditOnSend(AuditSteps.CitizenNotified(notice.Outcome), AuditAction.CitizenNotified, application.Record.CitizenEmail);
            await outbox.QueueOnceAsync(notice.Reference, OutboxSteps.Decision(notice.Outcome), message, onSend, CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.NotifyCitizen, notice.Reference);
            return;
        }

        await outbox.SendOnceAsync(notice.Reference, OutboxSteps.Decision(notice.Outcome), message, CancellationToken.None);
        await audit.RecordAsync(
            notice.Reference,
            AuditSteps.CitizenNotified(notice.Outcome),
            new AuditEntry(AuditAction.CitizenNotified, clock.GetUtcNow(), AuditActors.System, application.Record.CitizenEmail),
            CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.NotifyCitizen, notice.Reference);
    }

    /// <summary>
    /// Decision 0012 (an application of the partition layout, version 3 and later): the outcome no earlier step
    /// recorded (a withdrawal, an agent's rejection: status and audit row), the citizen's e-mail and an approval's
    /// revocation links to the reviewers, all in one transaction; then their deliveries.
    /// </summary>
    private async Task RunInPartitionAsync(LoadedApplication application, CitizenNotice notice)
    {
        var reference = notice.Reference;
        var queued = await emails.PrepareAsync(application, notice);
        if (notice.Outcome == CitizenOutcome.Withdrawn)
        {
            var withdrawal = requests.WithdrawalRow(reference, application.Record.CitizenEmail, clock.GetUtcNow());
            await status.CommitStepAsync(reference, application.Record, _ => new StatusChange(ApplicationStatus.Withdrawn), [withdrawal], queued, CancellationToken.None);
            await requests.CompleteWithdrawalAsync(reference, CancellationToken.None);
        }
        else if (notice.Outcome == CitizenOutcome.Rejected && application.Record.StatusValue != ApplicationStatus.Rejected)
        {
            var round = application.Record.ReviewRound;
            var (_, decisionRow) = await requests.DecisionRowAsync(reference, round, CancellationToken.None);
            await status.CommitStepAsync(
                reference,
                application.Record,
                _ => new StatusChange(ApplicationStatus.Rejected) { DecisionReason = notice.Reason },
                decisionRow is null ? [] : [decisionRow],
                queued,
                CancellationToken.None);
            await requests.CompleteDecisionAsync(reference, round, CancellationToken.None);
        }
        else
        {
            await outbox.QueueAllAsync(reference, queued, CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.NotifyCitizen, reference);
            return;
        }

        await outbox.RequestDeliveriesAsync(queued, CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.NotifyCitizen, reference);
    }

    /// <summary>The outcomes no earlier step recorded: an agent's rejection, and a withdrawal.</summary>
    private async Task RecordOutcomeAsync(LoadedApplication application, CitizenNotice notice)
    {
        var reference = notice.Reference;
        if (notice.Outcome == CitizenOutcome.Withdrawn)
        {
            await status.TransitionAsync(reference, ApplicationStatus.Withdrawn, CancellationToken.None);
            await requests.ApplyWithdrawalAsync(reference, application.Record.CitizenEmail, clock.GetUtcNow(), CancellationToken.None);
        }
        else if (notice.Outcome == CitizenOutcome.Rejected && application.Record.StatusValue != ApplicationStatus.Rejected)
        {
            await requests.ApplyDecisionAsync(reference, application.Record.ReviewRound, CancellationToken.None);
            await status.TransitionAsync(reference, new StatusChange(ApplicationStatus.Rejected) { DecisionReason = notice.Reason }, CancellationToken.None);
        }
    }
}
