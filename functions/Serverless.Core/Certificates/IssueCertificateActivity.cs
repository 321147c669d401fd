using System.Security.Cryptography;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Submission;
using Serverless.Core.Usage;
using Serverless.Core.Webhooks;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Certificates;

/// <summary>
/// Issues the application's one certificate, idempotently by construction: the number is claimed for the application
/// (a conditional insert: the first number claimed is the only one), the PDF is signed at the time the workflow fixed
/// and stored only if no document exists under that name (first writer wins; a later run reads the stored bytes
/// back), and its hash, registry row, application columns, status and audit entry are written from those bytes with
/// conditional inserts or idempotent merges. Every run goes through the whole tail, so a run that died half-way is
/// completed by the next, and no copy that was never stored can verify as genuine.
/// </summary>
public sealed class IssueCertificateActivity(
    ApplicationLoader loader,
    CertificateComposer composer,
    CertificateRenderer renderer,
    CertificateSigning signing,
    CertificateHashIndex hashes,
    RevocationLinkNotifier revocationLinks,
    ReviewerNotifier reviewers,
    RecordedRequests requests,
    BlobFiles files,
    CertificateRegistry registry,
    ApplicationStatusWriter status,
    AuditTrail audit,
    WebhookEvents webhooks,
    UsageMeter usage,
    FaultInjection faults)
{
    public async Task<IssuedCertificate> RunAsync(CertificateRequest request) => (await IssueAsync(request, alsoQueue: null)).Certificate;

    /// <summary>
    /// Issues the certificate; for an application of the partition layout (decision 0012), the outbox rows
    /// <paramref name="alsoQueue"/> makes from the application, the number and the document join the step's one
    /// transaction (version 6: the decision e-mail), and are answered for the caller to request their deliveries.
    /// <c>Queued</c> is null for an application of before, whose rows nothing here wrote.
    /// </summary>
    public async Task<(IssuedCertificate Certificate, IReadOnlyList<Azure.Data.Tables.TableEntity>? Queued)> IssueAsync(
        CertificateRequest request,
        Func<LoadedApplication, string, byte[], Task<List<Azure.Data.Tables.TableEntity>>>? alsoQueue)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadedApplication application;
        Azure.Data.Tables.TableEntity? decisionRow = null;
        if (request.Implicit)
        {
            application = await loader.GetAsync(request.Reference, CancellationToken.None);
        }
        else
        {
            // The application and its round's decision in one request. Decision 0012: the decision's audit row goes in
            // the step's transaction with the status and the certificate's (an application of before: applied now).
            var (record, auditRow) = await requests.ApplicationWithDecisionRowAsync(request.Reference, CancellationToken.None);
            application = (record is null ? null : await loader.LoadAsync(record, CancellationToken.None))
                ?? throw new NonRetryableException($"Application {request.Reference} or its procedure version does not exist.");
            decisionRow = auditRow;
        }

        var inPartition = application.Record.InPartition;

        var number = await registry.ClaimNumberAsync(request.Reference, request.Number, CancellationToken.None);
        var blobName = CertificateRegistry.BlobNameOf(request.Reference, number);
        var rendered = renderer.Render(composer.Compose(application, number, request.IssuedAt, request.Implicit), signing.Signature(application.Commune.City, request.IssuedAt));
        var pdf = await files.UploadIfAbsentAsync(StorageNames.CertificatesContainer, blobName, rendered, "application/pdf", CancellationToken.None)
            ? rendered
            : await files.DownloadAsync(StorageNames.CertificatesContainer, blobName, CancellationToken.None)
                ?? throw new InvalidOperationException($"Certificate {number} exists but could not be read.");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));

        // Independent rows, each written once under its own key: together. The status moves only once all are there,
        // so an approved application always has a verifiable certificate. Usage counts the certificate as registered
        // here (with its PDF's bytes, one write), not at the status change.
        await Task.WhenAll(
            usage.CertificateIssuedAsync(application.Commune.Id, number, $"{StorageNames.CertificatesContainer}/{blobName}", pdf.Length, request.IssuedAt, CancellationToken.None),
            hashes.RecordAsync(sha256, number, CancellationToken.None),
            registry.RegisterAsync(
                new RegisteredCertificate(number, request.Reference, application.Procedure.Id, sha256, blobName, ApplicationSummary.HolderName(application.Procedure, application.Values), request.IssuedAt),
                CancellationToken.None));
        if (inPartition)
        {
            var queued = alsoQueue is null ? [] : await alsoQueue(application, number, pdf);
            var issued = audit.NewRow(request.Reference, AuditSteps.Certificate, new AuditEntry(AuditAction.CertificateIssued, request.IssuedAt, AuditActors.System, $"{number} (SHA-256 {sha256})"));
            await status.CommitStepAsync(
                request.Reference,
                application.Record,
                _ => new StatusChange(ApplicationStatus.Approved) { CertificateNumber = number, CertificateSha256 = sha256 },
                decisionRow is null ? [issued] : [decisionRow, issued],
                queued,
                CancellationToken.None);
            if (!request.Implicit)
            {
                await requests.CompleteDecisionAsync(request.Reference, application.Record.ReviewRound, CancellationToken.None);
            }

            await webhooks.RecordAsync(
                new WebhookFact(application.Commune.Id, application.Procedure.Id, request.Reference, WebhookEventKind.CertificateIssued, number, nameof(ApplicationStatus.Approved), number, request.IssuedAt),
                CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.IssueCertificate, request.Reference);
            return (new IssuedCertificate(number, sha256), queued);
        }

        // From the row read at the start (no second read): conditional on its ETag, so a row changed meanwhile is read again.
        await status.TransitionAsync(
            application.Record,
            new StatusChange(ApplicationStatus.Approved) { CertificateNumber = number, CertificateSha256 = sha256 },
            CancellationToken.None);
        await Task.WhenAll(
            audit.RecordAsync(
                request.Reference,
                AuditSteps.Certificate,
                new AuditEntry(AuditAction.CertificateIssued, request.IssuedAt, AuditActors.System, $"{number} (SHA-256 {sha256})"),
                CancellationToken.None),
            webhooks.RecordAsync(
                new WebhookFact(application.Commune.Id, application.Procedure.Id, request.Reference, WebhookEventKind.CertificateIssued, number, nameof(ApplicationStatus.Approved), number, request.IssuedAt),
                CancellationToken.None));

        if (request.NotifyReviewers)
        {
            // Version 1 only; version 2 sends one revocation link per reviewer in activities of their own.
            foreach (var reviewer in reviewers.ReviewersOf(application))
            {
                await revocationLinks.SendAsync(application, number, reviewer, CancellationToken.None);
            }
        }

        faults.AfterSideEffect(ActivityNames.IssueCertificate, request.Reference);
        return (new IssuedCertificate(number, sha256), null);
    }
}
