using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>Sends the citizen the acknowledgement of receipt, with the reference, the decision date and their status link.</summary>
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
    public async Task RunAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var reference = acknowledgement.Reference;
        // The workflow runs: the submission's start request is done, whatever happens next.
        await requests.ApplyStartAsync(reference, CancellationToken.None);
        await applications.MergeAsync(reference, new Dictionary<string, object?> { [nameof(ApplicationRecord.DecisionDueAt)] = acknowledgement.DecisionDueAt }, CancellationToken.None);
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var record = application.Record;
        await audit.RecordAsync(reference, AuditSteps.Submitted, new AuditEntry(AuditAction.Submitted, record.SubmittedAt, AuditActors.Citizen(record.CitizenEmail), application.Procedure.Id), CancellationToken.None);
        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, reference, accessCodes.For(reference)));
        await outbox.SendOnceAsync(reference, OutboxSteps.Acknowledgement, CitizenEmails.Acknowledgement(application, statusUrl), CancellationToken.None);
        await audit.RecordAsync(
            reference,
            AuditSteps.Acknowledgement,
            new AuditEntry(AuditAction.AcknowledgementSent, clock.GetUtcNow(), AuditActors.System, application.Record.CitizenEmail),
            CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.AcknowledgeReceipt, reference);
    }
}
