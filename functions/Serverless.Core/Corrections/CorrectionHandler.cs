using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Corrections;

/// <summary>
/// <c>GET|POST /api/procedures/{procedureId}/applications/{reference}/correction?access=…</c>: after an agent asked for
/// changes, the citizen corrects the named fields or replaces attachments. The corrected application is validated as a
/// whole, stored in one conditional update (blobs written first, removed again if that update fails) that also marks
/// the round as answered, and the workflow is told; it alone puts the application back under review.
/// </summary>
public sealed partial class CorrectionHandler(
    CitizenApplicationAccess access,
    SubmissionValidator validator,
    ApplicationRepository applications,
    PendingRequests pending,
    BlobFiles files,
    UsageMeter usage,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<CorrectionHandler> logger)
{
    private static readonly Text PageTitle = new("Compléter ma demande", "Complete my application");

    public async Task<IActionResult> ShowAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        var (application, refusal) = await OpenAsync(request, procedureId, reference, cancellationToken);
        return refusal ?? PageResults.Page(200, Form(application!, LanguageNegotiation.FromRequest(request), request.QueryString.Value ?? string.Empty));
    }

    public async Task<IActionResult> SubmitAsync(HttpRequest request, string procedureId, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (found, refusal) = await OpenAsync(request, procedureId, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var application = found!;
        var language = LanguageNegotiation.FromRequest(request);
        var sent = await SubmissionReader.ReadAsync(request, cancellationToken);
        if (sent is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez le formulaire (multipart/form-data ou url-encoded) ou un objet JSON.", "Send the form (multipart/form-data or url-encoded) or a JSON object."), language, request.Path.Value ?? string.Empty);
        }

        if (LanguageNegotiation.TryParse(sent.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var editable = Editable(application);
        var merged = await MergeAsync(application, sent, editable, cancellationToken);
        var result = validator.Validate(application.Procedure, merged, application.Commune.PostalCodes);
        if (!result.IsValid)
        {
            return Results.WantsHtml(request)
                ? PageResults.Page(400, Form(application, language, request.QueryString.Value ?? string.Empty, result.Errors))
                : Problems.Validation(result.Errors, language, request.Path.Value ?? string.Empty);
        }

        var record = application.Record;
        var round = record.ReviewRound;
        // The pending request first: if this process dies after the row is updated, the sweeper still delivers it.
        await pending.RecordAsync(record.Reference, RequestKind.Correction, round, clock.GetUtcNow(), cancellationToken);
        var kept = record.Attachments.Where(stored => !ReplacedField(stored.FieldName, sent, editable)).ToList();
        var replaced = record.Attachments.Where(stored => ReplacedField(stored.FieldName, sent, editable)).Select(stored => stored.BlobName).ToList();
        var written = new List<string>();
        try
        {
            var added = new List<StoredAttachment>();
            foreach (var file in result.Files.Where(file => ReplacedField(file.FieldName, sent, editable)))
            {
                var blobName = $"{record.Reference}/{Guid.NewGuid():N}{file.Type.Extension}";
                await files.UploadAsync(StorageNames.AttachmentsContainer, blobName, file.Content, file.Type.ContentType, cancellationToken);
                written.Add(blobName);
                added.Add(new StoredAttachment(file.FieldName, blobName, file.OriginalName, file.Type.ContentType, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
            }

            // Values, files and "this round is answered" in one conditional write: a second answer is refused.
            await applications.RecordCorrectionAsync(
                record.Reference,
                JsonSerializer.Serialize(result.Values),
                JsonSerializer.Serialize(kept.Concat(added).ToList()),
                round,
                record.ETag,
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            await DeleteAsync(written);
            return Problems.Simple(409, "changed-meanwhile", new("Demande modifiée entre-temps", "Application changed meanwhile"), new("La demande a changé pendant votre saisie : rechargez la page.", "The application changed while you were typing: reload the page."), language, request.Path.Value ?? string.Empty);
        }
        catch (Exception) when (written.Count > 0)
        {
            await DeleteAsync(written);
            throw;
        }

        // Only now that the row points to the new files are the old ones removed (and no longer counted as held).
        await DeleteAsync(replaced);
        foreach (var gone in record.Attachments.Where(stored => replaced.Contains(stored.BlobName)))
        {
            await usage.StorageChangedAsync(application.Commune.Id, $"{StorageNames.AttachmentsContainer}/{gone.BlobName}", -gone.Size, clock.GetUtcNow(), CancellationToken.None);
        }
        var now = clock.GetUtcNow();
        var changed = result.Values.Where(pair => application.Values.GetValueOrDefault(pair.Key) != pair.Value).Select(pair => pair.Key)
            .Concat(result.Files.Where(file => ReplacedField(file.FieldName, sent, editable)).Select(file => file.FieldName)).Distinct();
        await audit.RecordAsync(record.Reference, AuditSteps.Correction(round), new AuditEntry(AuditAction.CorrectionSubmitted, now, AuditActors.Citizen(record.CitizenEmail), string.Join(", ", changed)), cancellationToken);
        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(record.Reference), WorkflowNames.CorrectionEvent, new CorrectionEvent(round, now), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryDeferred(exception, record.Reference);
        }

        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, record.Reference, accessCodes.For(record.Reference, record.AccessKeyId)));
        return Results.WantsHtml(request)
            ? Results.SeeOther($"{statusUrl}&corrected=1")
            : Results.JsonBody(202, new { reference = record.Reference, status = nameof(ApplicationStatus.UnderReview), statusUrl }).WithHeader("Location", statusUrl);
    }

    /// <summary>The citizen's application, if the address is theirs and changes are expected; else the answer that says why not.</summary>
    private async Task<(LoadedApplication? Application, IActionResult? Refusal)> OpenAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return (null, CitizenApplicationAccess.NotFound(request));
        }

        var record = application.Record;
        return record.StatusValue == ApplicationStatus.ChangesRequested && record.CorrectedRound < record.ReviewRound
            ? (application, null)
            : (null, NothingExpected(request, application, LanguageNegotiation.FromRequest(request)));
    }

    /// <summary>The fields the agent named, or every field when they named none.</summary>
    private static HashSet<string> Editable(LoadedApplication application)
    {
        var named = (application.Record.ChangeFields ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        return [.. named.Length > 0 ? named : application.Procedure.Fields.Select(field => field.Name)];
    }

    private static bool ReplacedField(string fieldName, RawSubmission sent, HashSet<string> editable) =>
        editable.Contains(fieldName) && sent.Files.Any(file => file.FieldName == fieldName);

    /// <summary>
    /// The application as it would be after the correction: stored values, overwritten by what was sent for the
    /// editable fields; stored attachments, unless new ones were sent for an editable file field.
    /// </summary>
    private async Task<RawSubmission> MergeAsync(LoadedApplication application, RawSubmission sent, HashSet<string> editable, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in application.Procedure.Fields.Where(field => field.Kind != FieldKind.File))
        {
            var takesSent = editable.Contains(field.Name) && (sent.Fields.ContainsKey(field.Name) || sent.Repeated.ContainsKey(field.Name));
            if (takesSent && sent.Repeated.TryGetValue(field.Name, out var several))
            {
                repeated[field.Name] = several;
            }
            else if (takesSent)
            {
                fields[field.Name] = sent.Fields[field.Name];
            }
            else if (application.Values.TryGetValue(field.Name, out var stored))
            {
                if (field.AllowsSeveralValues)
                {
                    repeated[field.Name] = stored.Split(',');
                }
                else
                {
                    fields[field.Name] = stored;
                }
            }
        }

        var uploads = sent.Files.Where(file => ReplacedField(file.FieldName, sent, editable)).ToList();
        foreach (var stored in application.Record.Attachments.Where(stored => !ReplacedField(stored.FieldName, sent, editable)))
        {
            var content = await files.DownloadAsync(StorageNames.AttachmentsContainer, stored.BlobName, cancellationToken) ?? [];
            uploads.Add(new UploadedFile(stored.FieldName, stored.OriginalName, content));
        }

        return new RawSubmission(fields, uploads) { Repeated = repeated, MalformedFields = sent.MalformedFields };
    }

    private string Form(LoadedApplication application, Language language, string query, IReadOnlyList<FieldError>? errors = null)
    {
        var record = application.Record;
        var intro = new Text(
            "Le service vous demande : « {0} ». Corrigez les champs ci-dessous ou remplacez les pièces jointes (laisser un fichier vide garde la pièce déjà envoyée), puis envoyez. Réponse attendue au plus tard le {1}.",
            "The office asks: \"{0}\". Correct the fields below or replace attachments (leave a file empty to keep the one already sent), then send. Please answer by {1}.")
            .Format(language, record.ChangeMessage ?? string.Empty, record.AnswerDueAt is { } due ? Deadlines.DeadlineText.Format(due, language) : "—");
        var submitUrl = $"/api/{Routes.Correction.Replace("{procedureId}", application.Procedure.Id, StringComparison.Ordinal).Replace("{reference}", record.Reference, StringComparison.Ordinal)}{query}";
        var today = Deadlines.ParisToday.Of(clock);
        var content = new FormPage.FormContent(intro, Editable(application), application.Values)
        {
            Errors = errors ?? [],
            Title = $"{PageTitle.In(language)} – {application.Procedure.Title.In(language)}",
        };
        return FormPage.Render(application.Procedure, language, PageIdentity.Of(application.Commune), today, submitUrl, content);
    }

    private static WrittenResult NothingExpected(HttpRequest request, LoadedApplication application, Language language)
    {
        var status = application.Record.StatusValue;
        var detail = application.Record.CorrectedRound >= application.Record.ReviewRound && status == ApplicationStatus.ChangesRequested
            ? new Text("Vos compléments ont bien été reçus : ils sont en cours de prise en compte.", "Your changes were received: they are being taken into account.")
            : new Text("Aucun complément n'est attendu pour cette demande (état : {0}).", "Nothing is expected for this application (status: {0}).");
        return Results.WantsHtml(request)
            ? PageResults.Page(409, Html.Message(PageTitle.In(language), detail.Format(language, status.Label().In(language)), "notice", language, PageIdentity.Of(application.Commune)))
            : Problems.Simple(409, "nothing-expected", new("Aucun complément attendu", "Nothing expected"), new(detail.Format(Language.French, status.Label().Fr), detail.Format(Language.English, status.Label().En)), language, request.Path.Value ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Correction of {Reference} stored; its event could not be raised now, the sweeper will deliver it")]
    private partial void LogDeliveryDeferred(Exception exception, string reference);

    private async Task DeleteAsync(IEnumerable<string> blobs)
    {
        foreach (var blob in blobs)
        {
            await files.DeleteAsync(StorageNames.AttachmentsContainer, blob, CancellationToken.None);
        }
    }
}
