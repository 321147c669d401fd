using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Certificates;
using Serverless.Core.Circuits;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Retention;

/// <summary>
/// Erases the personal data of one decided application (its retention period is over, or an agent confirmed the
/// citizen's request), in an order that a re-run completes from any point: (1) the tombstone, first writer wins, which
/// fixes the erasure's time; (2) the erasure's audit entry, hence its leaf in the commune's log; (3) the attachments
/// and the certificate PDF with the signature circuit's documents (by the reference's blob prefix, so a row already
/// scrubbed still finds them); (4) the holder's name in the registry; (5) the audit rows' actors and details, the
/// agents' comments and private notes, the outbox rows, the circuit's versions, actions and codes; (6) the application row itself, then its back-office index row rebuilt from it (no name, no search
/// text); (7) its orchestration instance in the task hub, once ended (else the retention pass purges it later). The
/// caller's due row stays until this returns, so a crash anywhere is finished by the next pass. Every place is in the
/// data map of docs/RETENTION.md. An application that is not final is refused: one under instruction never expires.
/// </summary>
public sealed partial class ApplicationEraser(
    ApplicationRepository applications,
    ApplicationLoader loader,
    Tombstones tombstones,
    RetentionIndex index,
    AuditTrail audit,
    BlobFiles files,
    CertificateRegistry registry,
    ReviewDecisions decisions,
    EmailOutbox outbox,
    AgentNotes notes,
    DecisionDrafts circuitRows,
    ApplicationIndex backOfficeIndex,
    CitizenAccounts.CitizenApplications citizenApplications,
    WorkflowPurger purger,
    FaultInjection faults,
    TimeProvider clock,
    ILogger<ApplicationEraser> logger)
{
    /// <summary>The name the fault hook knows the step after the blobs by (<c>Faults__CrashOnceAfter</c>).</summary>
    public const string AfterBlobsStep = "EraseApplication.Blobs";

    /// <summary>Erases the application's personal data; returns its tombstone, or null when there is no such application.</summary>
    public async Task<Tombstone?> EraseAsync(string reference, ErasureReason reason, string actor, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await loader.FindAsync(reference, cancellationToken) is not { } application)
        {
            return null;
        }

        var record = application.Record;
        if (!record.StatusValue.IsFinal())
        {
            throw new InvalidOperationException($"Application {reference} is {record.Status}: only a decided application is erased.");
        }

        var schedule = await index.FindScheduleAsync(reference, cancellationToken);
        var tombstone = await tombstones.AddOrGetAsync(
            new Tombstone(
                application.Commune.Id,
                reference,
                record.ProcedureId,
                record.ProcedureVersion,
                record.Status,
                record.SubmittedAt,
                schedule?.DecidedAt,
                record.ErasedAt ?? clock.GetUtcNow(),
                (record.ErasureReason ?? reason.ToString()).ToLowerInvariant(),
                schedule?.Months ?? application.Procedure.RetentionMonths,
                record.CertificateNumber,
                record.CertificateSha256),
            cancellationToken);

        await audit.RecordAsync(
            reference,
            AuditSteps.Erasure,
            new AuditEntry(AuditAction.PersonalDataErased, tombstone.ErasedAt, actor, tombstone.Reason),
            cancellationToken);

        var attachments = await files.DeletePrefixAsync(StorageNames.AttachmentsContainer, reference + "/", cancellationToken);
        var certificates = await files.DeletePrefixAsync(StorageNames.CertificatesContainer, reference + "/", cancellationToken);
        faults.AfterSideEffect(AfterBlobsStep, reference);

        if (record.CertificateNumber is { } number)
        {
            await registry.MarkDocumentErasedAsync(number, tombstone.ErasedAt, cancellationToken);
        }

        await audit.ScrubAsync(reference, AuditSteps.Erasure, tombstone.ErasedAt, cancellationToken);
        await decisions.ScrubCommentsAsync(reference, cancellationToken);
        await outbox.ForgetAsync(reference, cancellationToken);
        await notes.ForgetAsync(reference, cancellationToken);
        await circuitRows.ForgetAsync(reference, cancellationToken);
        if (record.CitizenSub is { } sub)
        {
            // "Mes démarches" forgets it before the row that names the subject is scrubbed (a retry still finds the sub).
            await citizenApplications.RemoveAsync(sub, reference, cancellationToken);
        }

        if (record.ErasedAt is null)
        {
            await applications.ScrubAsync(record, tombstone.ErasedAt, tombstone.Reason, cancellationToken);
        }

        await backOfficeIndex.RefreshAsync(reference, cancellationToken);
        if (!await purger.PurgeAsync(durable, reference, cancellationToken))
        {
            // Still finishing its last step: the retention pass purges it as soon as it has ended.
            await index.SchedulePurgeAsync(reference, tombstone.ErasedAt, cancellationToken);
        }

        await index.RemoveAllAsync(reference, cancellationToken);
        LogErased(reference, tombstone.Reason, attachments, certificates);
        return tombstone;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference}: personal data erased ({Reason}; {Attachments} attachment(s), {Certificates} certificate file(s))")]
    private partial void LogErased(string reference, string reason, int attachments, int certificates);
}
