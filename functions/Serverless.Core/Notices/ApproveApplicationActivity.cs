using Serverless.Core.Certificates;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Notices;

/// <summary>
/// Version 6's approval, one step instead of two (<c>IssueCertificate</c>, then <c>NotifyCitizen</c>): the certificate,
/// and in the same entity-group transaction as its status and audit entry, the citizen's e-mail with the document
/// attached and each reviewer's revocation link; then their deliveries. A run after a crash finds the step committed
/// (its audit row is there), keeps what it wrote and only requests the deliveries again, which the dispatcher sends
/// once. An application of before (its rows not in one partition) is approved in the two steps of version 4.
/// </summary>
public sealed class ApproveApplicationActivity(
    IssueCertificateActivity certificates,
    DecisionEmails emails,
    NotifyCitizenActivity notify,
    EmailOutbox outbox,
    FaultInjection faults)
{
    public async Task<IssuedCertificate> RunAsync(Approval approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        var request = approval.Certificate;
        var (issued, queued) = await certificates.IssueAsync(
            request,
            (application, number, pdf) => emails.PrepareAsync(application, NoticeOf(approval, number), pdf));
        if (queued is null)
        {
            await notify.RunAsync(NoticeOf(approval, issued.Number));
        }
        else
        {
            await outbox.RequestDeliveriesAsync(queued, CancellationToken.None);
        }

        faults.AfterSideEffect(ActivityNames.ApproveApplication, request.Reference);
        return issued;
    }

    private static CitizenNotice NoticeOf(Approval approval, string number) =>
        new(approval.Certificate.Reference, approval.Outcome, approval.Comment, number, Queued: true, RevocationRecipients: approval.RevocationRecipients)
        {
            SignedDecision = approval.Certificate.SignedDecision,
        };
}
