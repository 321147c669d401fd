using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// Drafts without an account or a cookie: the signed draft token in the address is the only key.
/// <list type="bullet">
/// <item><c>POST /api/procedures/{id}/drafts</c>: from the first step of a multi-step form (HTML), or from a
/// commune's site that knows the person (JSON: the values to prefill; answers 201 with the draft's address).</item>
/// <item><c>GET …/drafts/{token}[?step=n|review]</c>: a step, or "check your answers" (RGAA 11.12).</item>
/// <item><c>POST …/drafts/{token}</c>: the step's answers with <c>action</c> = next, save, send-link or submit; from a
/// script (JSON body: the widget), autosave, send-link or discard (DraftHandler.Json.cs).</item>
/// </list>
/// Every step is checked by the submission's validator (its errors for the step's fields); sending goes through
/// <see cref="ApplicationIntake.FileAsync"/> with the draft's id as idempotency key, so it is filed once.
/// </summary>
public sealed partial class DraftHandler(
    ProcedureCatalog catalog,
    SubmissionValidator validator,
    DraftStore drafts,
    DraftTokens tokens,
    EmailOutbox outbox,
    ApplicationIntake intake,
    IntakeAnswers answers,
    Submission.SubmissionGate gate,
    Edge.MailQuota mailQuota,
    IOptions<DraftOptions> options,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<DraftHandler> logger)
{
    public const string ActionField = "action";
    public const string StepField = "step";
    public const string ResumeStep = "draft-resume-link";

    private static readonly Text NotFoundTitle = new("Brouillon introuvable", "Draft not found");

    /// <summary>The first step of a multi-step procedure, before any draft exists (the form page of such a procedure).</summary>
    public string FirstStep(ProcedureDefinition procedure, CommuneDefinition commune, Language language, IReadOnlyDictionary<string, string>? prefill, IReadOnlyList<FieldError> errors, string? stamp, string? languageSwitchUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var step = DraftForm.Steps(procedure)[0];
        var hidden = new List<(string, string)> { (StepField, "1") };
        // Values prefilled for later steps travel with the first post and are checked when their step opens.
        hidden.AddRange((prefill ?? new Dictionary<string, string>()).Where(pair => !step.Fields.Contains(pair.Key)).Select(pair => (pair.Key, pair.Value)));
        var content = StepContent(procedure, 0, language, prefill, errors, expiresAt: null) with
        {
            IssuedStamp = stamp,
            Hidden = hidden,
            LanguageSwitchUrl = languageSwitchUrl,
        };
        return FormPage.Render(procedure, language, PageIdentity.Of(commune), Today(), "/api/" + Routes.CreateDraft.Replace("{procedureId}", procedure.Id, StringComparison.Ordinal), content);
    }

    public async Task<IActionResult> CreateAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Problems.Simple(404, "unknown-procedure", new("Démarche inconnue", "Unknown procedure"), new("Cette démarche n'existe pas.", "This procedure does not exist."), language, request.Path.Value ?? string.Empty);
        }

        RawSubmission? sent;
        try
        {
            sent = await SubmissionReader.ReadAsync(request, cancellationToken);
            if (sent is not null)
            {
                gate.CheckForm(sent);
            }
        }
        catch (Edge.RequestRefusedException refusal)
        {
            return Edge.RefusalResults.For(request, refusal);
        }

        if (sent is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez un objet JSON (les valeurs à préremplir) ou le formulaire.", "Send a JSON object (the values to prefill) or the form."), language, request.Path.Value ?? string.Empty);
        }

        if (LanguageNegotiation.TryParse(sent.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var now = clock.GetUtcNow();
        var draft = new DraftRecord
        {
            PartitionKey = DraftTokens.NewId(),
            ProcedureId = procedure.Id,
            Language = language.Code(),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Days(procedure.DraftLifetimeDays),
        };
        if (!Results.WantsHtml(request))
        {
            return await PrefillAsync(request, procedure, sent, draft, language, cancellationToken);
        }

        // The first step posted from the form page: kept only if the step is right (nothing stored otherwise).
        var commune = catalog.CommuneOf(procedure);
        var later = Values(sent).Where(pair => !DraftForm.Steps(procedure)[0].Fields.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        draft.ValuesJson = DraftStore.Serialize(later);
        draft.PrefilledFields = string.Join(',', later.Keys);
        return await ApplyStepAsync(request, procedure, commune, draft, 0, sent, language, isNew: true, cancellationToken);
    }

    public async Task<IActionResult> ShowAsync(HttpRequest request, string procedureId, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var (procedure, draft, refusal) = await OpenAsync(request, procedureId, token, language, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!request.Query.ContainsKey("lang") && LanguageNegotiation.TryParse(draft!.Language, out var saved))
        {
            language = saved;
        }

        var commune = catalog.CommuneOf(procedure!);
        var steps = DraftForm.Steps(procedure!);
        var requested = request.Query[StepField].ToString();
        var errors = await ErrorsAsync(procedure!, commune, draft!, cancellationToken);
        if (requested == DraftRoutes.Review)
        {
            return PageResults.Page(200, CheckAnswersPage.Render(procedure!, commune, draft!, errors, token, language, PageLinks.OtherLanguage(request, language)));
        }

        var index = int.TryParse(requested, out var number) && number >= 1 && number <= steps.Count
            ? number - 1
            // Opened from a resume link or a prefill: the first step with something to fix, else the review.
            : steps.ToList().FindIndex(step => errors.Any(error => step.Fields.Contains(error.Field) && (draft!.Values.ContainsKey(error.Field) || draft.Prefilled.Contains(error.Field) || !IsVisited(draft!, step))));
        if (index < 0)
        {
            return Results.SeeOther("/api/" + DraftRoutes.ReviewPath(procedure!.Id, token) + "&lang=" + language.Code());
        }

        // Problems shown on opening: values already there (prefilled or saved), never "required" for a blank step.
        var shown = errors.Where(error => steps[index].Fields.Contains(error.Field) && draft!.Values.ContainsKey(error.Field)).ToList();
        return PageResults.Page(200, StepPage(request, procedure!, commune, draft!, index, token, draft!.Values, shown, language));
    }

    public async Task<IActionResult> UpdateAsync(HttpRequest request, string procedureId, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var (procedure, draft, refusal) = await OpenAsync(request, procedureId, token, language, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var sent = await SubmissionReader.ReadAsync(request, cancellationToken);
        if (sent is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez le formulaire.", "Send the form."), language, request.Path.Value ?? string.Empty);
        }

        if (LanguageNegotiation.TryParse(sent.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var commune = catalog.CommuneOf(procedure!);
        if (request.HasJsonContentType())
        {
            return await UpdateFromScriptAsync(request, procedure!, commune, draft!, token, sent, language, cancellationToken);
        }

        var action = sent.Fields.GetValueOrDefault(ActionField, "next");
        if (action == "send-link")
        {
            return await SendLinkAsync(request, procedure!, commune, draft!, token, sent.Fields.GetValueOrDefault("email", string.Empty), language, cancellationToken);
        }

        if (action == "submit")
        {
            return await SubmitAsync(request, procedure!, commune, draft!, token, language, cancellationToken);
        }

        if (action == "save" && sent.Fields.GetValueOrDefault(StepField) == DraftRoutes.Review)
        {
            // Saved from "check your answers": nothing typed there, the draft stays as it is.
            return PageResults.Page(200, SaveDraftPage.Render(procedure!, commune, draft!, token, draft!.Values.GetValueOrDefault(procedure!.ContactEmailField), null, language));
        }

        var steps = DraftForm.Steps(procedure!);
        var index = int.TryParse(sent.Fields.GetValueOrDefault(StepField), out var number) && number >= 1 && number <= steps.Count ? number - 1 : 0;
        return await ApplyStepAsync(request, procedure!, commune, draft!, index, sent, language, isNew: false, cancellationToken);
    }

    /// <summary>
    /// Checks the step's answers with the whole draft around them. "next": kept only when the step is right, then
    /// on to the next step (or the review). "save": kept as typed (problems are shown on return), then the resume page.
    /// </summary>
    private async Task<IActionResult> ApplyStepAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, int index, RawSubmission sent, Language language, bool isNew, CancellationToken cancellationToken)
    {
        var step = DraftForm.Steps(procedure)[index];
        var typed = Values(sent).Where(pair => step.Fields.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        // Kept as typed on "save", but never longer than the field takes: such a step is shown again with its errors.
        var save = sent.Fields.GetValueOrDefault(ActionField) == "save" && DraftValueLimits.Check(procedure, typed).Count == 0;
        var values = draft.Values.Where(pair => !step.Fields.Contains(pair.Key)).Concat(typed).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var replaced = sent.Files.Where(file => step.Fields.Contains(file.FieldName)).Select(file => file.FieldName).ToHashSet(StringComparer.Ordinal);
        var kept = draft.Attachments.Where(stored => !replaced.Contains(stored.FieldName)).ToList();
        var merged = await DraftForm.ToSubmissionAsync(procedure, values, kept, drafts, cancellationToken);
        merged = merged with { Files = [.. merged.Files, .. sent.Files.Where(file => replaced.Contains(file.FieldName))] };
        var result = validator.Validate(procedure, merged, commune.PostalCodes);
        var errors = result.Errors.Where(error => step.Fields.Contains(error.Field)).ToList();
        var stamp = sent.Fields.GetValueOrDefault(Submission.FormGuard.IssuedField);
        if (errors.Count > 0 && !save)
        {
            var token = isNew ? null : tokens.For(draft.DraftId);
            return PageResults.Page(400, isNew
                ? FirstStep(procedure, commune, language, Values(sent), errors, stamp, null)
                : StepPage(request, procedure, commune, draft, index, token!, values, errors, language));
        }

        // Normalised values when the step is right; as typed when saved with problems (shown again on return).
        var stepValues = errors.Count == 0
            ? step.Fields.Where(result.Values.ContainsKey).ToDictionary(name => name, name => result.Values[name], StringComparer.Ordinal)
            : typed;
        var stored = draft.Values.Where(pair => !step.Fields.Contains(pair.Key)).Concat(stepValues).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var added = new List<StoredAttachment>();
        foreach (var file in result.Files.Where(file => replaced.Contains(file.FieldName)))
        {
            var blob = await drafts.StoreFileAsync(draft.DraftId, file.Content, file.Type.ContentType, file.Type.Extension, cancellationToken);
            added.Add(new StoredAttachment(file.FieldName, blob, file.OriginalName, file.Type.ContentType, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
        }

        var dropped = draft.Attachments.Where(stored => replaced.Contains(stored.FieldName) && added.Any(file => file.FieldName == stored.FieldName)).ToList();
        draft.ValuesJson = DraftStore.Serialize(stored);
        draft.AttachmentsJson = DraftStore.Serialize([.. draft.Attachments.Except(dropped), .. added]);
        draft.PrefilledFields = string.Join(',', draft.Prefilled.Where(name => !step.Fields.Contains(name)));
        draft.VisitedSteps = string.Join(',', draft.Visited.Append(step.Id).Distinct(StringComparer.Ordinal));
        if (isNew)
        {
            await drafts.AddAsync(draft, cancellationToken);
            LogCreated(draft.DraftId, procedure.Id);
        }
        else if (!await drafts.TryReplaceAsync(draft, cancellationToken))
        {
            return PageResults.Page(409, Html.Message(new Text("Brouillon modifié entre-temps", "Draft changed meanwhile").In(language), new Text("Ce brouillon a été modifié dans une autre fenêtre : rechargez la page.", "This draft was changed in another window: reload the page.").In(language), "error", language, PageIdentity.Of(commune)));
        }

        foreach (var old in dropped)
        {
            await drafts.DeleteFileAsync(old.BlobName, cancellationToken);
        }

        var newToken = tokens.For(draft.DraftId);
        if (save)
        {
            return PageResults.Page(200, SaveDraftPage.Render(procedure, commune, draft, newToken, stored.GetValueOrDefault(procedure.ContactEmailField), null, language));
        }

        var steps = DraftForm.Steps(procedure);
        var next = index + 1 < steps.Count ? DraftRoutes.StepPath(procedure.Id, newToken, index + 1) : DraftRoutes.ReviewPath(procedure.Id, newToken);
        return Results.SeeOther("/api/" + next + "&lang=" + language.Code());
    }

    private async Task<IActionResult> SendLinkAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string email, Language language, CancellationToken cancellationToken)
    {
        // The address is checked as the procedure's contact field is: same rule, same message.
        var check = validator.Validate(procedure, new RawSubmission(new Dictionary<string, string> { [procedure.ContactEmailField] = email }, []), commune.PostalCodes);
        var problem = check.Errors.FirstOrDefault(error => error.Field == procedure.ContactEmailField);
        if (problem is not null || !check.Values.TryGetValue(procedure.ContactEmailField, out var address))
        {
            return PageResults.Page(400, SaveDraftPage.Render(procedure, commune, draft, token, email, problem ?? new FieldError("email", ValidationMessages.Required), language));
        }

        if (CheckLink(request, commune, draft, address) is { } refused)
        {
            return refused;
        }

        if (!await SendResumeLinkAsync(procedure, commune, draft, token, address, language, cancellationToken))
        {
            return PageResults.Page(409, Html.Message(new Text("Brouillon modifié entre-temps", "Draft changed meanwhile").In(language), new Text("Ce brouillon a été modifié dans une autre fenêtre : rechargez la page.", "This draft was changed in another window: reload the page.").In(language), "error", language, PageIdentity.Of(commune)));
        }

        return PageResults.Page(200, SaveDraftPage.Sent(procedure, commune, draft, token, address, language));
    }

    /// <summary>
    /// The resume link is an e-mail to an address typed by anyone: bounded per draft (different addresses), per client
    /// and per recipient, in buckets of their own (never the recipient's own submissions'). Null when it may go.
    /// </summary>
    private WrittenResult? CheckLink(HttpRequest request, CommuneDefinition commune, DraftRecord draft, string address)
    {
        try
        {
            if (!DraftLinkRecipients.Allows(draft, address, mailQuota.RecipientsPerDraft))
            {
                throw Edge.MailQuota.TooManyRecipients(mailQuota.RecipientsPerDraft);
            }

            mailQuota.CheckLink(request.HttpContext, commune, address);
            return null;
        }
        catch (Edge.RequestRefusedException refusal)
        {
            return Edge.RefusalResults.For(request, refusal);
        }
    }

    /// <summary>
    /// Keeps the address on the draft and e-mails its resume link once (the outbox's key is the draft's). False, and
    /// nothing sent, when the draft changed meanwhile: two calls racing cannot both pass the per-draft bound.
    /// </summary>
    private async Task<bool> SendResumeLinkAsync(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string address, Language language, CancellationToken cancellationToken)
    {
        draft.Email = address;
        DraftLinkRecipients.Add(draft, address);
        if (!await drafts.TryReplaceAsync(draft, cancellationToken))
        {
            return false;
        }

        var url = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, token));
        await outbox.SendOnceAsync(DraftRoutes.OutboxKey(draft.DraftId), ResumeStep, DraftEmails.ResumeLink(procedure, commune, language, address, url, draft.ExpiresAt), cancellationToken);
        return true;
    }

    private async Task<IActionResult> SubmitAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, Language language, CancellationToken cancellationToken)
    {
        var submission = await DraftForm.ToSubmissionAsync(procedure, draft.Values, draft.Attachments, drafts, cancellationToken);
        var result = validator.Validate(procedure, submission, commune.PostalCodes);
        if (!result.IsValid)
        {
            return PageResults.Page(400, CheckAnswersPage.Render(procedure, commune, draft, result.Errors, token, language, null));
        }

        var outcome = await intake.FileAsync(procedure, commune, result, language, "draft:" + draft.DraftId, cancellationToken);
        if (outcome is IntakeOutcome.Filed { Reference: var reference })
        {
            // Filed: the application has its own copies of the values, files and address. The draft keeps only the
            // reference (a replayed "send" finds it) until the sweeper deletes it at expiry; its resume e-mail's
            // outbox rows, which hold the address, go now.
            var blobs = draft.Attachments.Select(attachment => attachment.BlobName).ToList();
            draft.SubmittedReference = reference;
            draft.ValuesJson = "{}";
            draft.AttachmentsJson = "[]";
            draft.Email = null;
            draft.PrefilledFields = string.Empty;
            await drafts.TryReplaceAsync(draft, cancellationToken);
            foreach (var blob in blobs)
            {
                await drafts.DeleteFileAsync(blob, cancellationToken);
            }

            await outbox.ForgetAsync(DraftRoutes.OutboxKey(draft.DraftId), cancellationToken);

            LogSubmitted(draft.DraftId, reference);
        }

        return answers.For(request, procedure.Id, outcome, language);
    }

    /// <summary>JSON prefill: values of known fields are stored as given and checked when the person opens the draft.</summary>
    private async Task<IActionResult> PrefillAsync(HttpRequest request, ProcedureDefinition procedure, RawSubmission sent, DraftRecord draft, Language language, CancellationToken cancellationToken)
    {
        var values = Values(sent);
        var unknown = values.Keys.Where(name => name != "lang" && (procedure.Field(name) is not { } field || field.Kind == FieldKind.File)).ToList();
        if (unknown.Count > 0 || sent.Files.Count > 0)
        {
            var errors = unknown.Select(name => new FieldError(name, new Text(ValidationMessages.UnknownField.Format(Language.French, name), ValidationMessages.UnknownField.Format(Language.English, name)))).ToList();
            if (sent.Files.Count > 0)
            {
                errors.Add(new FieldError(sent.Files[0].FieldName, new Text("Les fichiers ne se préremplissent pas : la personne les joint elle-même.", "Files cannot be prefilled: the person attaches them.")));
            }

            return Problems.Validation(errors, language, request.Path.Value ?? string.Empty);
        }

        if (DraftValueLimits.Check(procedure, values) is { Count: > 0 } tooLong)
        {
            return Problems.Validation(tooLong, language, request.Path.Value ?? string.Empty);
        }

        draft.ValuesJson = DraftStore.Serialize(values);
        draft.PrefilledFields = string.Join(',', values.Keys);
        await drafts.AddAsync(draft, cancellationToken);
        LogCreated(draft.DraftId, procedure.Id);
        var commune = catalog.CommuneOf(procedure);
        var check = validator.Validate(procedure, PrefillSubmission.Of(procedure, values), commune.PostalCodes);
        var draftUrl = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, tokens.For(draft.DraftId)));
        return Results.JsonBody(201, new
        {
            draftUrl,
            expiresAt = draft.ExpiresAt,
            expiresAtText = ApplicationSummary.DateTime(draft.ExpiresAt, language),
            // Shown to the person when the draft opens, beside the field; listed here so the site can tell too.
            invalidFields = check.Errors.Where(error => values.ContainsKey(error.Field)).Select(error => new { name = error.Field, detail = error.Message.In(language) }),
        }).WithHeader("Location", draftUrl);
    }

    private async Task<(ProcedureDefinition? Procedure, DraftRecord? Draft, IActionResult? Refusal)> OpenAsync(HttpRequest request, string procedureId, string token, Language language, CancellationToken cancellationToken)
    {
        var procedure = catalog.Find(procedureId);
        var draftId = tokens.Open(token);
        var draft = procedure is null || draftId is null ? null : await drafts.FindAsync(draftId, cancellationToken);
        if (draft is null || draft.ProcedureId != procedureId)
        {
            return (null, null, Refuse(request, 404, NotFoundTitle, new("Aucun brouillon ne correspond à cette adresse : il a peut-être été supprimé à son expiration.", "No draft matches this address: it may have been deleted when it expired."), language, null));
        }

        var commune = catalog.CommuneOf(procedure!);
        if (draft.SubmittedReference is { } reference)
        {
            // Already sent (a second click, a resume link opened later). The draft's link is not the application's
            // key: whoever holds it (a forwarded e-mail, a shared computer) learns the reference, never the access code.
            return (null, null, Results.WantsHtml(request)
                ? Refuse(request, 409, AlreadySentTitle, AlreadySentDetail, language, commune, reference)
                : Results.JsonBody(409, new { reference }));
        }

        if (draft.ExpiresAt <= clock.GetUtcNow())
        {
            return (null, null, Refuse(request, 410, new("Brouillon expiré", "Draft expired"), new("Ce brouillon a expiré le {0} : il va être supprimé. Vous pouvez commencer une nouvelle demande.", "This draft expired on {0}: it is being deleted. You can start a new application."), language, commune, ApplicationSummary.DateTime(draft.ExpiresAt, language)));
        }

        return (procedure, draft, null);
    }

    private static readonly Text AlreadySentTitle = new("Demande déjà envoyée", "Application already sent");

    private static readonly Text AlreadySentDetail = new(
        "Ce brouillon a été envoyé sous la référence {0}. Suivez la demande avec le lien de l'accusé de réception reçu par courriel.",
        "This draft was sent as application {0}. Follow it with the link in the acknowledgement e-mail.");

    private static WrittenResult Refuse(HttpRequest request, int status, Text title, Text detail, Language language, CommuneDefinition? commune, params object[] args)
    {
        var identity = commune is null ? PageIdentity.Platform(Html.PlatformName) : PageIdentity.Of(commune);
        return Results.WantsHtml(request)
            ? PageResults.Page(status, Html.Message(title.In(language), detail.Format(language, args), "error", language, identity))
            : Problems.Simple(status, status == 404 ? "not-found" : "draft-expired", title, new(detail.Format(Language.French, args), detail.Format(Language.English, args)), language, request.Path.Value ?? string.Empty);
    }

    private async Task<IReadOnlyList<FieldError>> ErrorsAsync(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, CancellationToken cancellationToken)
    {
        var submission = await DraftForm.ToSubmissionAsync(procedure, draft.Values, draft.Attachments, drafts, cancellationToken);
        return validator.Validate(procedure, submission, commune.PostalCodes).Errors;
    }

    private static bool IsVisited(DraftRecord draft, ProcedureStep step) => draft.Visited.Contains(step.Id);

    private string StepPage(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, int index, string token, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, Language language)
    {
        var content = StepContent(procedure, index, language, values, errors, draft.ExpiresAt) with
        {
            Hidden = [(StepField, (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))],
            LanguageSwitchUrl = PageLinks.OtherLanguage(request, language),
            AttachedFiles = draft.Attachments,
        };
        return FormPage.Render(procedure, language, PageIdentity.Of(commune), Today(), "/api/" + DraftRoutes.DraftPath(procedure.Id, token) + "?lang=" + language.Code(), content);
    }

    private static FormPage.FormContent StepContent(ProcedureDefinition procedure, int index, Language language, IReadOnlyDictionary<string, string>? values, IReadOnlyList<FieldError> errors, DateTimeOffset? expiresAt)
    {
        var steps = DraftForm.Steps(procedure);
        var label = DraftForm.StepLabel(procedure, index, language);
        var expiry = expiresAt is { } at
            ? $"<p class=\"help\">{Html.E(new Text("Vos réponses sont conservées en brouillon jusqu'au {0}.", "Your answers are kept as a draft until {0}.").Format(language, ApplicationSummary.DateTime(at, language)))}</p>"
            : string.Empty;
        var last = index == steps.Count - 1;
        return new FormPage.FormContent(index == 0 ? procedure.Description.In(language) : string.Empty, steps[index].Fields, values)
        {
            Errors = errors,
            DocumentTitle = $"{label} – {procedure.Title.In(language)}",
            Preamble = $"<p class=\"step\"><strong>{Html.E(label)}</strong></p>{expiry}",
            Buttons =
            [
                new(ActionField, "next", last ? new Text("Vérifier mes réponses", "Check my answers").In(language) : new Text("Continuer", "Continue").In(language)),
                new(ActionField, "save", new Text("Enregistrer et reprendre plus tard", "Save and continue later").In(language), "secondary"),
            ],
        };
    }

    private DateOnly Today() => Deadlines.ParisToday.Of(clock);

    private static Dictionary<string, string> Values(RawSubmission sent)
    {
        var values = new Dictionary<string, string>(sent.Fields, StringComparer.Ordinal);
        foreach (var (name, several) in sent.Repeated)
        {
            values[name] = string.Join(',', several);
        }

        foreach (var technical in new[] { ActionField, StepField, "lang", Submission.FormGuard.IssuedField, Submission.FormGuard.HoneypotField })
        {
            values.Remove(technical);
        }

        return values;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} sent as application {Reference}")]
    private partial void LogSubmitted(string draftId, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} started for {ProcedureId}")]
    private partial void LogCreated(string draftId, string procedureId);
}
