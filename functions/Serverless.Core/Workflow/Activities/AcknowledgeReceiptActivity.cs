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
    EmailSender email,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public async Task RunAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var reference = acknowledgement.Reference;
        await applications.MergeAsync(reference, new Dictionary<string, object?> { [nameof(ApplicationRecord.DecisionDueAt)] = acknowledgement.DecisionDueAt }, CancellationToken.None);
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, reference, accessCodes.For(reference)));
        await email.SendAsync(CitizenEmails.Acknowledgement(application, statusUrl), CancellationToken.None);
        await audit.RecordAsync(
            reference,
            "wf-010-acknowledgement",
            new AuditEntry(AuditAction.AcknowledgementSent, clock.GetUtcNow(), AuditActors.System, application.Record.CitizenEmail),
            CancellationToken.None);
    }
}
