using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>
/// Issues the application's one certificate, idempotently by construction: the document is made once
/// (<see cref="CertificateDocuments"/>: number claimed, PDF signed and stored, first writer wins), registered
/// (<see cref="CertificateRegistration"/>: hash, registry row, usage) and only then the application approved with it
/// (<see cref="CertificateApproval"/>: status, audit entry, event), so an approved application always has a verifiable
/// certificate. Every run goes through the whole tail, so a run that died half-way is completed by the next.
/// </summary>
public sealed class IssueCertificateActivity(
    ApplicationLoader loader,
    RecordedRequests requests,
    CertificateDocuments documents,
    CertificateRegistration registration,
    CertificateApproval approval,
    FaultInjection faults)
{
    public async Task<IssuedCertificate> RunAsync(CertificateRequest request) => (await IssueAsync(request, alsoQueue: null)).Certificate;

    /// <summary>
    /// Issues the certificate; for an application of the partition layout (decision 0012), the outbox rows
    /// <paramref name="alsoQueue"/> makes from the application, the number and the document join the step's one
    /// transaction (version 6: the decision e-mail), and are answered for the caller to request their deliveries.
    /// <c>Queued</c> is null for an application of before, whose rows nothing here wrote.
    /// </summary>
    public async Task<(IssuedCertificate Certificate, IReadOnlyList<TableEntity>? Queued)> IssueAsync(
        CertificateRequest request,
        Func<LoadedApplication, string, byte[], Task<List<TableEntity>>>? alsoQueue)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (application, decisionRow) = await ReadAsync(request);
        var document = await documents.StoreAsync(application, request);
        await registration.RegisterAsync(application, request, document);
        var certificate = new IssuedCertificate(document.Number, document.Sha256);
        if (!application.Record.InPartition)
        {
            await approval.ApplyAsync(application, request, document);
            faults.AfterSideEffect(ActivityNames.IssueCertificate, request.Reference);
            return (certificate, null);
        }

        var queued = alsoQueue is null ? [] : await alsoQueue(application, document.Number, document.Pdf);
        await approval.CommitAsync(application, request, document, decisionRow, queued);
        faults.AfterSideEffect(ActivityNames.IssueCertificate, request.Reference);
        return (certificate, queued);
    }

    /// <summary>
    /// The application, and for an explicit decision the round's decision audit row read in the same request (decision
    /// 0012: it goes in the step's transaction with the status and the certificate's; an application of before has it
    /// applied already).
    /// </summary>
    private async Task<(LoadedApplication Application, TableEntity? DecisionRow)> ReadAsync(CertificateRequest request)
    {
        if (request.Implicit)
        {
            return (await loader.GetAsync(request.Reference, CancellationToken.None), null);
        }

        var (record, auditRow) = await requests.ApplicationWithDecisionRowAsync(request.Reference, CancellationToken.None);
        var application = (record is null ? null : await loader.LoadAsync(record, CancellationToken.None))
            ?? throw new NonRetryableException($"Application {request.Reference} or its procedure version does not exist.");
        return (application, auditRow);
    }
}
