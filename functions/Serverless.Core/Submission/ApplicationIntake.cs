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
/// Two storage round trips, one after the other (issue 25): first the start request, the idempotency key's claim and
/// the files, together; then the row and the start message, together. Until the row is stored a failure removes
/// what was written (nothing kept); from then on the application is accepted. Whatever a process that dies in
/// between leaves behind, the start request names it: the sweeper (<see cref="Orchestration.RequestSweeper"/>)
/// starts the workflow of a stored row, or removes the files of a reference whose row never came. The start message
/// may reach its handler before the row: the handler waits for the row (<see cref="Orchestration.WorkflowStartHandler"/>).
/// </summary>
public sealed partial class ApplicationIntake(
    IdempotencyKeys idempotencyKeys,
    ApplicationRepository applications,
    ProcedureVersions versions,
    BlobFiles files,
    CitizenAccessCodes accessCodes,
    ReferenceGenerator references,
    WorkflowStartRequests starts,
    TimeProvider clock,
    ILogger<ApplicationIntake> logger,
    SubmissionGate gate)
{
    /// <summary>Draws of a reference before giving up; see ApplicationReference for the odds.</summary>
    private const int MaxReferenceAttempts = 3;

    public async Task<IntakeOutcome> FileAsync(ProcedureDefinition procedure, CommuneDefinition commune, ValidationResult result, Language language, string idempotencyKey, CancellationToken cancellationToken, VerifiedIdentity? identity = null)
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

        var receivedAt = clock.GetUtcNow();
        var submission = new Filing(references.Draw(procedure.ReferencePrefix, receivedAt.Year));
        var requestHash = idempotencyKey.Length > 0 ? Fingerprint(result) : string.Empty;

        // Recorded in the row itself (the same write): the code handed out now must keep deriving from this key after
        // another becomes active.
        var accessKeyId = accessCodes.ActiveKeyId;
        try
        {
            // Round trip 1: the start request, the key's claim and the files, independent of each other. The files may
            // land before the request that names them; a process that dies then leaves files that nothing names, which
            // the sweep of unnamed attachments removes (docs/RETENTION.md).
            var claiming = idempotencyKey.Length > 0
                ? Concurrently(() => idempotencyKeys.ClaimAsync(procedure.Id, idempotencyKey, submission.Reference, requestHash, cancellationToken))
                : Task.FromResult(new IdempotencyClaim(submission.Reference, requestHash, IsNew: true));
            var versioning = versions.CurrentAsync(procedure, cancellationToken);
            await Task.WhenAll(PrepareAsync(submission, result.Files, receivedAt, cancellationToken), claiming, versioning);
            var claim = await claiming;
            if (claim.RequestHash != requestHash)
            {
                await RollBackAsync(procedure.Id, submission, null);
                return new IntakeOutcome.KeyReused();
            }

            submission.ClaimedKey = claim.IsNew;
            if (!claim.IsNew)
            {
                if (await applications.FindAsync(claim.Reference, cancellationToken) is { } earlier)
                {
                    LogReplayed(earlier.Reference);
                    await DeleteBlobsAsync(submission.Written);
                    return new IntakeOutcome.Filed(earlier.Reference, earlier.AccessKeyId, earlier.SubmittedAt);
                }

                // The key's first request died before its row: this one files it, under the key's reference.
                await MoveToAsync(submission, claim.Reference, result.Files, receivedAt, cancellationToken);
            }

            var citizenEmail = result.Values.GetValueOrDefault(procedure.ContactEmailField, string.Empty);
            for (var attempt = 1; !submission.RowWritten; attempt++)
            {
                // Round trip 2: the row and the start message.
                var record = ApplicationRepository.NewRecord(submission.Reference, procedure.Id, language.Code(), receivedAt, citizenEmail, result.Values, submission.Attachments, await versioning, accessKeyId, identity);
                var adding = Concurrently(() => applications.TryAddAsync(record, cancellationToken));
                var starting = starts.SendAsync(procedure, submission.Reference, receivedAt, cancellationToken);
                await Task.WhenAll(adding, starting);
                submission.RowWritten = await adding;
                if (!submission.RowWritten && (submission.ClaimedKey || idempotencyKey.Length == 0) && attempt < MaxReferenceAttempts)
                {
                    // The random reference is taken (see ApplicationReference for how rare that is): draw another. The
                    // start message just sent for it names another submission's row; its handler drops it.
                    await MoveToAsync(submission, references.Draw(procedure.ReferencePrefix, receivedAt.Year), result.Files, receivedAt, cancellationToken);
                    if (submission.ClaimedKey)
                    {
                        await idempotencyKeys.ReleaseAsync(procedure.Id, idempotencyKey, cancellationToken);
                        submission.ClaimedKey = (await idempotencyKeys.ClaimAsync(procedure.Id, idempotencyKey, submission.Reference, requestHash, cancellationToken)).IsNew;
                    }
                }
                else if (!submission.RowWritten)
                {
                    throw new InvalidOperationException($"Reference {submission.Reference} is already taken.");
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRolledBack(exception, submission.Reference);
            await RollBackAsync(procedure.Id, submission, submission.ClaimedKey ? idempotencyKey : null);
            return new IntakeOutcome.Unavailable();
        }

        LogAccepted(submission.Reference, procedure.Id);
        return new IntakeOutcome.Filed(submission.Reference, accessKeyId, receivedAt);
    }

    /// <summary>
    /// Starts a call on the thread pool, so that the next one starts at once: a storage call may run on the calling
    /// thread until it is answered before handing back its task. The submission's trace showed it (the call after a
    /// table write starting when the write ended: 3 round trips instead of 2 in
    /// <c>TraceEndToEndTests.Submission_WithAnAttachment_WaitsOnTwoSequentialStorageRoundTrips</c>), and a probe in the
    /// test host saw table writes hand back their task after 2.6 of their 2.8 ms — likely the answer of a storage on
    /// the loopback already there when the client reads its socket, so that the read completes on the calling thread.
    /// </summary>
    private static Task Concurrently(Func<Task> call) => Task.Run(call);

    private static Task<T> Concurrently<T>(Func<Task<T>> call) => Task.Run(call);

    /// <summary>What this submission has written so far, and under which reference.</summary>
    private sealed class Filing(string reference)
    {
        public string Reference { get; set; } = reference;

        public List<string> Written { get; } = [];

        public List<StoredAttachment> Attachments { get; set; } = [];

        public bool ClaimedKey { get; set; }

        public bool RowWritten { get; set; }
    }

    /// <summary>The start request and the files of the submission's reference, together (one round trip).</summary>
    private async Task PrepareAsync(Filing submission, IReadOnlyList<AcceptedFile> accepted, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var recording = Concurrently(() => starts.RecordAsync(submission.Reference, receivedAt, cancellationToken));
        var storing = StoreAttachmentsAsync(submission.Reference, accepted, submission.Written, cancellationToken);
        await Task.WhenAll(recording, storing);
        submission.Attachments = await storing;
    }

    /// <summary>The files again under another reference (a replayed key's, or a fresh draw), the first set removed.</summary>
    private async Task MoveToAsync(Filing submission, string reference, IReadOnlyList<AcceptedFile> accepted, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await DeleteBlobsAsync(submission.Written);
        submission.Reference = reference;
        await PrepareAsync(submission, accepted, receivedAt, cancellationToken);
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

    private async Task RollBackAsync(string procedureId, Filing submission, string? idempotencyKey)
    {
        try
        {
            await DeleteBlobsAsync(submission.Written);
            if (submission.RowWritten)
            {
                await applications.DeleteAsync(submission.Reference, CancellationToken.None);
            }

            if (idempotencyKey is not null)
            {
                await idempotencyKeys.ReleaseAsync(procedureId, idempotencyKey, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRollbackFailed(exception, submission.Reference);
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
