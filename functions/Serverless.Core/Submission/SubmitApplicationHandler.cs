using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using Serverless.Core.Site;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;
using Serverless.Platform.Http;
using Serverless.Core.Addresses;
using Serverless.Core.Orchestration;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>POST /api/procedures/{procedureId}/applications</c>: validates a submission (JSON, url-encoded or multipart),
/// stores its attachments, its row and a pending start request, asks for its workflow to be started (a message on
/// the start queue, see <see cref="WorkflowStartMessages"/>) and answers with the reference. Until the row is stored a
/// failure removes what was written (503, nothing kept); from then on the application is accepted, and the sweeper
/// starts its workflow if the message is not sent or not handled. The start request is recorded before
/// anything else, so the files of a submission whose process died before its row was stored are removed too.
/// </summary>
public sealed partial class SubmitApplicationHandler(
    ProcedureCatalog catalog,
    SubmissionValidator validator,
    IdempotencyKeys idempotencyKeys,
    ApplicationRepository applications,
    PendingRequests pending,
    ProcedureVersions versions,
    BlobFiles files,
    CitizenAccessCodes accessCodes,
    ReferenceGenerator references,
    WorkflowStarter starter,
    WorkflowStartMessages startMessages,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<SubmitApplicationHandler> logger,
    Submission.SubmissionGate gate)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>What a client is told to wait after a 503: storage outages seen here lasted seconds.</summary>
    public const string RetryAfterSeconds = "10";

    /// <summary>Draws of a reference before giving up (503); see ApplicationReference for the odds.</summary>
    private const int MaxReferenceAttempts = 3;

    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var instance = request.Path.Value ?? string.Empty;
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Problems.Simple(404, "unknown-procedure", new("Démarche inconnue", "Unknown procedure"), new("Cette démarche n'existe pas.", "This procedure does not exist."), language, instance);
        }

        RawSubmission? submission;
        try
        {
            submission = await SubmissionReader.ReadAsync(request, cancellationToken);
            if (submission is not null)
            {
                gate.CheckForm(submission);
            }
        }
        catch (Edge.RequestRefusedException refusal)
        {
            // Too large (measured while streaming), malformed JSON or multipart, invalid UTF-8, a robot's form.
            LogRefused(procedure.Id, refusal.Status, refusal.Type);
            return Edge.RefusalResults.For(request, refusal);
        }

        if (submission is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez la demande en JSON (objet), application/x-www-form-urlencoded ou multipart/form-data.", "Send the application as JSON (an object), application/x-www-form-urlencoded or multipart/form-data."), language, instance);
        }

        if (LanguageNegotiation.TryParse(submission.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var commune = catalog.CommuneOf(procedure);
        var result = validator.Validate(procedure, submission, commune.PostalCodes);
        if (!result.IsValid)
        {
            LogRejected(procedure.Id, result.Errors.Count);
            return Results.WantsHtml(request)
                ? PageResults.Page(400, ResultPages.ValidationErrors(procedure, submission, result.Errors, language, commune, Deadlines.ParisToday.Of(clock), "/api/" + Routes.SubmitPath(procedure.Id)))
                : Problems.Validation(result.Errors, language, instance);
        }

        return (await AcceptAsync(request, procedure, commune, result, language, IdempotencyKeyOf(request, submission), cancellationToken)).Result;
    }

    /// <summary>A script's Idempotency-Key header, else the key the form page was generated with (no JavaScript).</summary>
    private static string IdempotencyKeyOf(HttpRequest request, RawSubmission submission)
    {
        var header = request.Headers[IdempotencyHeader].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        // Prefixed, so that a form's key never meets a key a script chose.
        var form = submission.Fields.GetValueOrDefault(Submission.FormGuard.SubmissionKeyField, string.Empty).Trim();
        return form.Length == 0 ? string.Empty : "form:" + form;
    }

    /// <summary>What became of a valid submission: the answer to give, and its reference when it was stored.</summary>
    public sealed record Acceptance(IActionResult Result, string? Reference);

    /// <summary>
    /// Stores a validated submission and starts its workflow: the path every application takes, whether it was
    /// posted at once or assembled from a draft (whose id is then the idempotency key, so sending it twice files it once).
    /// </summary>
    public async Task<Acceptance> AcceptAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, ValidationResult result, Language language, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var instance = request.Path.Value ?? string.Empty;
        try
        {
            gate.CheckRecipient(commune, result.Values.GetValueOrDefault(procedure.ContactEmailField));
        }
        catch (Edge.RequestRefusedException refusal)
        {
            LogRefused(procedure.Id, refusal.Status, refusal.Type);
            return new Acceptance(Edge.RefusalResults.For(request, refusal), null);
        }

        if (idempotencyKey.Length > IdempotencyKeys.MaxKeyLength)
        {
            return new Acceptance(Problems.Simple(400, "idempotency-key", new("Clé d'idempotence invalide", "Invalid idempotency key"), new("L'en-tête Idempotency-Key ne doit pas dépasser 200 caractères.", "The Idempotency-Key header must not exceed 200 characters."), language, instance), null);
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
                    return new Acceptance(Problems.Simple(422, "idempotency-key-reused", new("Clé d'idempotence déjà utilisée", "Idempotency key already used"), new("Cette clé Idempotency-Key a déjà servi pour une autre demande.", "This Idempotency-Key was already used for a different application."), language, instance), null);
                }

                reference = claim.Reference;
                claimedKey = claim.IsNew;
                if (!claim.IsNew && await applications.FindAsync(reference, cancellationToken) is { } earlier)
                {
                    LogReplayed(reference);
                    return new Acceptance(Accepted(request, procedure.Id, earlier.Reference, earlier.AccessKeyId, earlier.SubmittedAt, language), earlier.Reference);
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
            return new Acceptance(Problems.Simple(503, "unavailable", new("Service momentanément indisponible", "Service temporarily unavailable"), new("La demande n'a pas pu être enregistrée et rien n'a été conservé. Réessayez dans quelques instants.", "The application could not be stored and nothing was kept. Please try again in a moment."), language, instance)
                .WithHeader("Retry-After", RetryAfterSeconds), null);
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
        return new Acceptance(Accepted(request, procedure.Id, reference, accessKeyId, receivedAt, language), reference);
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

    private WrittenResult Accepted(HttpRequest request, string procedureId, string reference, string? accessKeyId, DateTimeOffset receivedAt, Language language)
    {
        var accessCode = accessCodes.For(reference, accessKeyId);
        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, reference, accessCode));
        if (Results.WantsHtml(request))
        {
            return Results.SeeOther($"{statusUrl}&received=1&lang={language.Code()}");
        }

        return Results.JsonBody(202, new
        {
            reference,
            status = nameof(ApplicationStatus.Received),
            statusLabel = ApplicationStatus.Received.Label().In(language),
            receivedAt,
            accessCode,
            statusUrl,
            message = new Text(
                "Votre demande a bien été reçue. Un accusé de réception vous est envoyé par courriel.",
                "Your application was received. An acknowledgement of receipt is on its way by e-mail.").In(language),
        }).WithHeader("Location", statusUrl);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission for {ProcedureId} refused with {ErrorCount} field errors")]
    private partial void LogRejected(string procedureId, int errorCount);

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
