using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Notices;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Receipts;

/// <summary>
/// Sends the citizen the acknowledgement of receipt, with the reference, the decision date and their status link:
/// from the step itself (versions 1 and 2), or queued for the e-mail dispatcher (version 3, through <see cref="AdmitApplicationActivity"/>).
/// </summary>
public sealed class AcknowledgeReceiptActivity(
    ApplicationLoader loader,
    ApplicationRepository applications,
    EmailOutbox outbox,
    AuditTrail audit,
    RecordedRequests requests,
    CitizenAccessCodes accessCodes,
    FaultInjection faults,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public Task RunAsync(Acknowledgement acknowledgement) => RunAsync(acknowledgement, queued: false);

    /// <summary>
    /// The admission's part for an application of the partition layout (decision 0012): the application as read,
    /// with the due date set, the audit row of the receipt and the acknowledgement's outbox row, all for the step's one
    /// transaction (<see cref="AdmitApplicationActivity"/>); null for an application of before (use <see cref="RunAsync(Acknowledgement, bool)"/>).
    /// </summary>
    public async Task<(LoadedApplication Application, Azure.Data.Tables.TableEntity Audit, Azure.Data.Tables.TableEntity Outbox)?> PrepareAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var reference = acknowledgement.Reference;
        var application = await loader.GetAsync(reference, CancellationToken.None);
        if (!application.Record.InPartition)
        {
            return null;
        }

        // The workflow runs: the submission's start request is done, whatever happens next.
        await requests.ApplyStartAsync(reference, CancellationToken.None);
        var record = application.Record;
        record.DecisionDueAt = acknowledgement.DecisionDueAt;
        var received = audit.NewRow(reference, AuditSteps.Submitted, new AuditEntry(AuditAction.Submitted, record.SubmittedAt, AuditActors.Citizen(record.CitizenEmail), application.Procedure.Id));
        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, reference, accessCodes.For(reference, record.AccessKeyId)));
        var onSend = new AuditOnSend(AuditSteps.Acknowledgement, AuditAction.AcknowledgementSent, record.CitizenEmail);
        var queued = await outbox.PrepareQueuedAsync(reference, OutboxSteps.Acknowledgement, CitizenEmails.Acknowledgement(application, statusUrl), onSend, CancellationToken.None);
        return (application, received, queued);
    }

    /// <summary>Returns the application as read after the due date was merged, for the checks that follow in the same step.</summary>
    public async Task<LoadedApplication> RunAsync(Acknowledgement acknowledgement, bool queued)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var reference = acknowledgement.Reference;
        // The workflow runs: the submission's start request is done, whatever happens next.
        await requests.ApplyStartAsync(reference, CancellationToken.None);
        await applications.RecordDecisionDueAsync(reference, acknowledgement.DecisionDueAt, CancellationToken.None);
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var record = application.Record;
        await audit.RecordAsync(reference, AuditSteps.Submitted, new AuditEntry(AuditAction.Submitted, record.SubmittedAt, AuditActors.Citizen(record.CitizenEmail), application.Procedure.Id), CancellationToken.None);
        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, reference, accessCodes.For(reference, record.AccessKeyId)));
        var message = CitizenEmails.Acknowledgement(application, statusUrl);
        if (queued)
        {
            var onSend = new AuditOnSend(AuditSteps.Acknowledgement, AuditAction.AcknowledgementSent, application.Record.CitizenEmail);
            await outbox.QueueOnceAsync(reference, OutboxSteps.Acknowledgement, message, onSend, CancellationToken.None);
            return application;
        }

        await outbox.SendOnceAsync(reference, OutboxSteps.Acknowledgement, message, CancellationToken.None);
        await audit.RecordAsync(
            reference,
            AuditSteps.Acknowledgement,
            new AuditEntry(AuditAction.AcknowledgementSent, clock.GetUtcNow(), AuditActors.System, application.Record.CitizenEmail),
            CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.AcknowledgeReceipt, reference);
        return application;
    }
}
