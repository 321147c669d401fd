using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;

namespace Serverless.Core.Submission;

/// <summary>
/// Files a validated application: the one path every application takes, posted at once or assembled from a draft
/// (whose id is then the idempotency key, so sending it twice files it once). It knows nothing of HTTP: it answers
/// what became of the submission, and the handlers (<see cref="SubmitApplicationHandler"/>, the drafts' send) say it
/// to the person in their channel (<see cref="IntakeAnswers"/>).
/// The start request is recorded before anything else, then the idempotency key claimed, the files stored and the
/// row written (a new reference drawn if the random one is taken); until the row is stored a failure removes what was
/// written (nothing kept); from then on the application is accepted, and the sweeper starts its workflow if the start
/// message is not sent or not handled.
/// </summary>
public sealed partial class ApplicationIntake(
    IdempotencyKeys idempotencyKeys,
    ApplicationRepository applications,
    PendingRequests pending,
    ProcedureVersions versions,
    BlobFiles files,
    CitizenAccessCodes accessCodes,
    ReferenceGenerator references,
    WorkflowStarter starter,
    WorkflowStartMessages startMessages,
    TimeProvider clock,
    ILogger<ApplicationIntake> logger,
    SubmissionGate gate)
{
    /// <summary>Draws of a reference before giving up; see ApplicationReference for the odds.</summary>
    private const int MaxReferenceAttempts = 3;

    public async Task<IntakeOutcome> FileAsync(ProcedureDefinition procedure, CommuneDefinition commune, ValidationResult result, Language language, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        try
        {
            gate.CheckRecipient(commune, result.Values.GetValueOrDefault(procedure.ContactEmailField));
        }
        catch (Edge.RequestRefusedException refusal)
        {
            LogRefused(procedure.Id, refusal.Status, refusal.Type);
            return new IntakeOutcome.Refused(refusal);
        }

        if (idempotencyKey.Length > IdempotencyKeys.MaxKeyLength)
        {
            return new IntakeOutcome.KeyTooLong();
        }

        var reference = references.Draw(procedure.ReferencePrefix, clock.GetUtcNow().Year);
        var claimedKey = false;
        var written = new List<string>();
        var rowWritten = false;
        var receivedAt = clock.GetUtcNow();

        // Recorded in the row itself (the same write): the code handed out now must keep deriving from this key after
        // another becomes active.
        var accessKeyId = accessCodes.ActiveKeyId;
        try
        {
            // Recorded first (before any file is stored): if this process dies anywhere from here on, the sweeper finds
            // the reference, and either starts the workflow of the stored application or removes the files of one
            // never stored. Independent of the idempotency claim, so both go out together (one round trip, not two).
            var recorded = pending.RecordAsync(reference, RequestKind.Start, 0, receivedAt, cancellationToken);
            var recordedFor = reference;
            if (idempotencyKey.Length > 0)
            {
                var requestHash = Fingerprint(result);
                var claiming = idempotencyKeys.ClaimAsync(procedure.Id, idempotencyKey, reference, requestHash, cancellationToken);
                await Task.WhenAll(recorded, claiming);
                var claim = await claiming;
                if (claim.RequestHash != requestHash)
                {
                    return new IntakeOutcome.KeyReused();
                }

                reference = claim.Reference;
                claimedKey = claim.IsNew;
                if (!claim.IsNew && await applications.FindAsync(reference, cancellationToken) is { } earlier)
                {
                    LogReplayed(reference);
                    return new IntakeOutcome.Filed(earlier.Reference, earlier.AccessKeyId, earlier.SubmittedAt);
                }
            }

            var version = await versions.CurrentAsync(procedure, cancellationToken);
            var citizenEmail = result.Values.GetValueOrDefault(procedure.ContactEmailField, string.Empty);
            await recorded;
            for (var attempt = 1; !rowWritten; attempt++)
            {
                if (recordedFor != reference)
                {
                    // A replayed key's reference, or a newly drawn one: its start request goes first, as above. (A
                    // request recorded for an unused reference is harmless: the sweeper finds no row and drops it.)
                    await pending.RecordAsync(reference, RequestKind.Start, 0, receivedAt, cancellationToken);
                    recordedFor = reference;
                }

                var attachments = await StoreAttachmentsAsync(reference, result.Files, written, cancellationToken);
                var record = ApplicationRepository.NewRecord(reference, procedure.Id, language.Code(), receivedAt, citizenEmail, result.Values, attachments, version, accessKeyId);
                rowWritten = await applications.TryAddAsync(record, cancellationToken);
                if (!rowWritten && (claimedKey || idempotencyKey.Length == 0) && attempt < MaxReferenceAttempts)
                {
                    // The random reference is taken (see ApplicationReference for how rare that is): draw another.
                    await DeleteBlobsAsync(written);
                    reference = references.Draw(procedure.ReferencePrefix, receivedAt.Year);
                    if (claimedKey)
                    {
                        await idempotencyKeys.ReleaseAsync(procedure.Id, idempotencyKey, cancellationToken);
                        claimedKey = (await idempotencyKeys.ClaimAsync(procedure.Id, idempotencyKey, reference, Fingerprint(result), cancellationToken)).IsNew;
                    }
                }
                else if (!rowWritten)
                {
                    throw new InvalidOperationException($"Reference {reference} is already taken.");
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRolledBack(exception, reference);
            await RollBackAsync(procedure.Id, reference, written, rowWritten, claimedKey ? idempotencyKey : null);
            return new IntakeOutcome.Unavailable();
        }

        try
        {
            // Not scheduled here: the task hub's own storage calls made most of a submission's time under load.
            await startMessages.EnqueueAsync(starter.Input(procedure, reference, receivedAt), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStartDeferred(exception, reference);
        }

        LogAccepted(reference, procedure.Id);
        return new IntakeOutcome.Filed(reference, accessKeyId, receivedAt);
    }

    private async Task<List<StoredAttachment>> StoreAttachmentsAsync(string reference, IReadOnlyList<AcceptedFile> accepted, List<string> written, CancellationToken cancellationToken)
    {
        // The name is generated: what the citizen called the file is kept only as metadata. Every name is listed in
        // `written` before its upload starts, so a rollback removes whatever part of the set was stored.
        var stored = accepted
            .Select(file => new StoredAttachment(file.FieldName, $"{reference}/{Guid.NewGuid():N}{file.Type.Extension}", file.OriginalName, file.Type.ContentType, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content))))
            .ToList();
        written.AddRange(stored.Select(attachment => attachment.BlobName));
        // Independent writes: uploaded together, one round trip for any number of files.
        await Task.WhenAll(accepted.Select((file, index) => files.UploadAsync(StorageNames.AttachmentsContainer, stored[index].BlobName, file.Content, file.Type.ContentType, cancellationToken)));
        return stored;
    }

    private async Task DeleteBlobsAsync(List<string> blobs)
    {
        foreach (var blob in blobs)
        {
            await files.DeleteAsync(StorageNames.AttachmentsContainer, blob, CancellationToken.None);
        }

        blobs.Clear();
    }

    private async Task RollBackAsync(string procedureId, string reference, List<string> blobs, bool rowWritten, string? idempotencyKey)
    {
        try
        {
            foreach (var blob in blobs)
            {
                await files.DeleteAsync(StorageNames.AttachmentsContainer, blob, CancellationToken.None);
            }

            if (rowWritten)
            {
                await applications.DeleteAsync(reference, CancellationToken.None);
            }

            if (idempotencyKey is not null)
            {
                await idempotencyKeys.ReleaseAsync(procedureId, idempotencyKey, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRollbackFailed(exception, reference);
        }
    }

    /// <summary>What makes two submissions "the same" for an Idempotency-Key: normalised values and file contents.</summary>
    private static string Fingerprint(ValidationResult result)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in result.Values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        foreach (var file in result.Files)
        {
            text.Append(file.FieldName).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(file.Content))).Append('\n');
        }

        return IdempotencyKeys.Hash(text.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} accepted for procedure {ProcedureId}")]
    private partial void LogAccepted(string reference, string procedureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission for {ProcedureId} refused: {Status} {ProblemType}")]
    private partial void LogRefused(string procedureId, int status, string problemType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotent replay of application {Reference}")]
    private partial void LogReplayed(string reference);

    [LoggerMessage(Level = LogLevel.Error, Message = "Submission {Reference} failed part-way; rolling back")]
    private partial void LogRolledBack(Exception exception, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference} stored; its workflow could not be scheduled now, the sweeper will start it")]
    private partial void LogStartDeferred(Exception exception, string reference);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Rollback of submission {Reference} failed; orphan data may remain")]
    private partial void LogRollbackFailed(Exception exception, string reference);
}

/// <summary>What became of a valid submission.</summary>
public abstract record IntakeOutcome
{
    /// <summary>Stored (now, or earlier under the same idempotency key): the reference and what its access code derives from.</summary>
    public sealed record Filed(string Reference, string? AccessKeyId, DateTimeOffset ReceivedAt) : IntakeOutcome;

    /// <summary>The recipient's address was refused (too many links to it, a disposable domain…).</summary>
    public sealed record Refused(Edge.RequestRefusedException Refusal) : IntakeOutcome;

    public sealed record KeyTooLong : IntakeOutcome;

    /// <summary>The idempotency key already filed a different application.</summary>
    public sealed record KeyReused : IntakeOutcome;

    /// <summary>Storage failed before the row was stored: nothing was kept.</summary>
    public sealed record Unavailable : IntakeOutcome;
}
