using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Webhooks;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>
/// Approves the application with its registered certificate: the status with the certificate's number and hash, the
/// audit entry, the <c>certificate.issued</c> event, and what each layout adds. Every write is a conditional insert or
/// an idempotent merge, so a run that died half-way is completed by the next and nothing is written twice.
/// </summary>
public sealed class CertificateApproval(
    ApplicationStatusWriter status,
    AuditTrail audit,
    RecordedRequests requests,
    WebhookEvents webhooks,
    ReviewerNotifier reviewers,
    RevocationLinkNotifier revocationLinks)
{
    /// <summary>
    /// An application of the partition layout (decision 0012): status, the round's decision audit row (null: no agent
    /// decided), the certificate's audit row and <paramref name="queued"/> in one transaction; then the decision's
    /// request is completed and the event recorded.
    /// </summary>
    public async Task CommitAsync(LoadedApplication application, CertificateRequest request, CertificateDocument document, TableEntity? decisionRow, IReadOnlyList<TableEntity> queued)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        var issued = audit.NewRow(request.Reference, AuditSteps.Certificate, Issued(request, document));
        await status.CommitStepAsync(
            request.Reference,
            application.Record,
            _ => Approved(document) with { DecisionDocument = request.SignedDecision },
            decisionRow is null ? [issued] : [decisionRow, issued],
            queued,
            CancellationToken.None);
        if (!request.Implicit)
        {
            await requests.CompleteDecisionAsync(request.Reference, application.Record.ReviewRound, CancellationToken.None);
        }

        await webhooks.RecordAsync(Event(application, request, document), CancellationToken.None);
    }

    /// <summary>
    /// An application of before: the status from the row read at the start (no second read: conditional on its ETag,
    /// so a row changed meanwhile is read again), then the audit entry and the event; version 1 also sends each
    /// reviewer the revocation link here (version 2 does it in activities of their own).
    /// </summary>
    public async Task ApplyAsync(LoadedApplication application, CertificateRequest request, CertificateDocument document)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        await status.TransitionAsync(application.Record, Approved(document), CancellationToken.None);
        await Task.WhenAll(
            audit.RecordAsync(request.Reference, AuditSteps.Certificate, Issued(request, document), CancellationToken.None),
            webhooks.RecordAsync(Event(application, request, document), CancellationToken.None));
        if (request.NotifyReviewers)
        {
            foreach (var reviewer in reviewers.ReviewersOf(application))
            {
                await revocationLinks.SendAsync(application, document.Number, reviewer, CancellationToken.None);
            }
        }
    }

    private static StatusChange Approved(CertificateDocument document) =>
        new(ApplicationStatus.Approved) { CertificateNumber = document.Number, CertificateSha256 = document.Sha256 };

    private static AuditEntry Issued(CertificateRequest request, CertificateDocument document) =>
        new(AuditAction.CertificateIssued, request.IssuedAt, AuditActors.System, $"{document.Number} (SHA-256 {document.Sha256})");

    private static WebhookFact Event(LoadedApplication application, CertificateRequest request, CertificateDocument document) =>
        new(application.Commune.Id, application.Procedure.Id, request.Reference, WebhookEventKind.CertificateIssued, document.Number, nameof(ApplicationStatus.Approved), document.Number, request.IssuedAt);
}
