using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>E-mails the citizen the decision: the certificate (attached and as a link) or the reason for refusal.</summary>
public sealed class NotifyCitizenActivity(
    ApplicationLoader loader,
    EmailSender email,
    BlobFiles files,
    CertificateRegistry registry,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public async Task RunAsync(CitizenNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var application = await loader.GetAsync(notice.Reference, CancellationToken.None);
        var accessCode = accessCodes.For(notice.Reference);
        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, notice.Reference, accessCode));
        EmailMessage message;
        if (notice.Approved && notice.CertificateNumber is { } number)
        {
            var certificate = await registry.FindAsync(number, CancellationToken.None)
                ?? throw new InvalidOperationException($"Certificate {number} is not registered.");
            var pdf = await files.DownloadAsync(StorageNames.CertificatesContainer, certificate.BlobName, CancellationToken.None)
                ?? throw new InvalidOperationException($"Certificate {number} has no document.");
            message = CitizenEmails.Approved(
                application,
                urls.Value.Api(Routes.CertificatePath(application.Procedure.Id, notice.Reference, accessCode)),
                urls.Value.Api(Routes.VerifyPath(number)),
                notice.Reason,
                new EmailAttachment($"attestation-{number}.pdf", "application/pdf", pdf),
                implicitly: notice.Outcome == CitizenOutcome.ImplicitlyApproved);
        }
        else if (notice.Outcome == CitizenOutcome.Rejected)
        {
            message = CitizenEmails.Rejected(application, notice.Reason, statusUrl);
        }
        else
        {
            message = CitizenEmails.Closed(application, notice.Outcome, statusUrl);
        }

        await email.SendAsync(message, CancellationToken.None);
        await audit.RecordAsync(
            notice.Reference,
            $"wf-070-citizen-notified-{notice.Outcome}",
            new AuditEntry(AuditAction.CitizenNotified, clock.GetUtcNow(), AuditActors.System, application.Record.CitizenEmail),
            CancellationToken.None);
    }
}
