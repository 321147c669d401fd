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
/// The e-mails that tell the citizen how the application ended: the message itself (an approval's with its
/// certificate attached and linked), and, for the step's one transaction (decision 0012), its outbox row with an
/// approval's revocation link to each reviewer.
/// </summary>
public sealed class DecisionEmails(
    RevocationLinkNotifier revocationLinks,
    EmailOutbox outbox,
    BlobFiles files,
    CertificateRegistry registry,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls)
{
    /// <summary>
    /// The outbox rows of <paramref name="notice"/>: the citizen's e-mail, then each reviewer's revocation link of an
    /// approval. <paramref name="certificate"/> is the approval's document when the caller holds it (else it is read).
    /// </summary>
    public async Task<List<Azure.Data.Tables.TableEntity>> PrepareAsync(LoadedApplication application, CitizenNotice notice, byte[]? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(notice);
        // The citizen's first: one delivery message sends a step's e-mails in this order.
        var onSend = new AuditOnSend(AuditSteps.CitizenNotified(notice.Outcome), AuditAction.CitizenNotified, application.Record.CitizenEmail);
        var queued = new List<Azure.Data.Tables.TableEntity>
        {
            await outbox.PrepareQueuedAsync(notice.Reference, OutboxSteps.Decision(notice.Outcome), await MessageAsync(application, notice, certificate), onSend, CancellationToken.None),
        };
        if (notice.CertificateNumber is { } issued)
        {
            foreach (var reviewer in notice.RevocationRecipients ?? [])
            {
                queued.Add(await revocationLinks.PrepareAsync(application, issued, reviewer, CancellationToken.None));
            }
        }

        return queued;
    }

    /// <summary>The citizen's e-mail; <paramref name="certificate"/> as in <see cref="PrepareAsync"/>.</summary>
    public async Task<EmailMessage> MessageAsync(LoadedApplication application, CitizenNotice notice, byte[]? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(notice);
        var accessCode = accessCodes.For(notice.Reference, application.Record.AccessKeyId);
        if (notice.Approved && notice.CertificateNumber is { } number)
        {
            // Where IssueCertificate stores it, without asking the registry; the registry's name only if it is not there.
            var pdf = certificate
                ?? await files.DownloadAsync(StorageNames.CertificatesContainer, CertificateRegistry.BlobNameOf(notice.Reference, number), CancellationToken.None)
                ?? await DownloadRegisteredAsync(number);
            var message = CitizenEmails.Approved(
                application,
                urls.Value.Api(Routes.CertificatePath(application.Procedure.Id, notice.Reference, accessCode)),
                urls.Value.Api(Routes.VerifyPath(number)),
                notice.Reason,
                new EmailAttachment($"attestation-{number}.pdf", "application/pdf", pdf),
                implicitly: notice.Outcome == CitizenOutcome.ImplicitlyApproved);
            return notice.SignedDecision is { } signed ? await WithSignedDecisionAsync(message, application, signed) : message;
        }

        var statusUrl = urls.Value.Api(Routes.StatusPath(application.Procedure.Id, notice.Reference, accessCode));
        return notice.Outcome == CitizenOutcome.Rejected
            ? CitizenEmails.Rejected(application, notice.Reason, statusUrl)
            : CitizenEmails.Closed(application, notice.Outcome, statusUrl);
    }

    /// <summary>The approval's e-mail with the signed decision attached too (the circuit's document, read where it was stored).</summary>
    private async Task<EmailMessage> WithSignedDecisionAsync(EmailMessage message, LoadedApplication application, string blobName)
    {
        var decision = await files.DownloadAsync(StorageNames.CertificatesContainer, blobName, CancellationToken.None)
            ?? throw new InvalidOperationException($"Application {application.Reference}: the signed decision {blobName} is missing.");
        return message with { Attachments = [.. message.Attachments, new EmailAttachment($"decision-signee-{application.Reference}.pdf", "application/pdf", decision)] };
    }

    private async Task<byte[]> DownloadRegisteredAsync(string number)
    {
        var certificate = await registry.FindAsync(number, CancellationToken.None)
            ?? throw new InvalidOperationException($"Certificate {number} is not registered.");
        return await files.DownloadAsync(StorageNames.CertificatesContainer, certificate.BlobName, CancellationToken.None)
            ?? throw new InvalidOperationException($"Certificate {number} has no document.");
    }
}
