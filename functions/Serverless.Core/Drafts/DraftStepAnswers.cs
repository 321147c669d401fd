using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// A step's answers checked with the whole draft around them by the submission's validator (its errors for the step's
/// fields) and kept in the draft: the values, the step's files (stored, the ones they replace deleted), the visited step.
/// </summary>
public sealed partial class DraftStepAnswers(
    DraftStore drafts,
    SubmissionValidator validator,
    DraftTokens tokens,
    DraftStepPages pages,
    CitizenAccounts.CitizenFormIdentity citizenIdentity,
    ILogger<DraftStepAnswers> logger)
{
    /// <summary>
    /// "next": kept only when the step is right, then on to the next step (or the review). "save": kept as typed
    /// (problems are shown on return), then the resume page. A new draft (<paramref name="isNew"/>: the first step
    /// posted from the form page) is stored only then.
    /// </summary>
    public async Task<IActionResult> ApplyAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, int index, RawSubmission sent, Language language, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(sent);
        var step = DraftForm.Steps(procedure)[index];
        var typed = DraftForm.Values(sent).Where(pair => step.Fields.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        // Kept as typed on "save", but never longer than the field takes: such a step is shown again with its errors.
        var save = sent.Fields.GetValueOrDefault(DraftForm.ActionField) == "save" && DraftValueLimits.Check(procedure, typed).Count == 0;
        var values = draft.Values.Where(pair => !step.Fields.Contains(pair.Key)).Concat(typed).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var replaced = sent.Files.Where(file => step.Fields.Contains(file.FieldName)).Select(file => file.FieldName).ToHashSet(StringComparer.Ordinal);
        var kept = draft.Attachments.Where(stored => !replaced.Contains(stored.FieldName)).ToList();
        var merged = await DraftForm.ToSubmissionAsync(procedure, values, kept, drafts, cancellationToken);
        merged = merged with { Files = [.. merged.Files, .. sent.Files.Where(file => replaced.Contains(file.FieldName))] };
        var result = validator.Validate(procedure, merged, commune.PostalCodes);

        // FranceConnect: a procedure that requires a sign-in keeps no draft without one; this step's verified values
        // cannot be changed (the other steps' are checked on theirs, and all of them again when the draft is sent).
        var identity = await citizenIdentity.CheckAsync(request, procedure, values, cancellationToken);
        if (identity.SignInMissing)
        {
            return DraftSignIn.Required(language, commune);
        }

        var changed = identity.Changed.Where(error => step.Fields.Contains(error.Field)).ToList();
        var errors = changed.Concat(result.Errors.Where(error => step.Fields.Contains(error.Field) && changed.All(other => other.Field != error.Field))).ToList();
        var stamp = sent.Fields.GetValueOrDefault(Submission.FormGuard.IssuedField);
        if (errors.Count > 0 && (!save || changed.Count > 0))
        {
            var token = isNew ? null : tokens.For(draft.DraftId);
            var form = await citizenIdentity.ForFormAsync(request, procedure, language, cancellationToken, offerButton: isNew);
            return PageResults.Page(400, isNew
                ? pages.FirstStep(procedure, commune, language, DraftForm.Values(sent), errors, stamp, null, form)
                : pages.StepPage(request, procedure, commune, draft, index, token!, values, errors, language, form));
        }

        var named = identity.Sub is { } sub && !string.Equals(draft.CitizenSub, sub, StringComparison.Ordinal);
        if (named)
        {
            draft.CitizenSub = identity.Sub;
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
        else
        {
            if (named)
            {
                // "Mes démarches" names the draft before its row says whose it is (a crash between leaves a row the list skips).
                await drafts.NameForCitizenAsync(draft, cancellationToken);
            }

            if (!await drafts.TryReplaceAsync(draft, cancellationToken))
            {
                return DraftStepPages.ChangedMeanwhile(commune, language);
            }
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

    /// <summary>The whole draft's problems, as the validator would report them on sending it now.</summary>
    public async Task<IReadOnlyList<FieldError>> ErrorsAsync(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(draft);
        var submission = await DraftForm.ToSubmissionAsync(procedure, draft.Values, draft.Attachments, drafts, cancellationToken);
        return validator.Validate(procedure, submission, commune.PostalCodes).Errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} started for {ProcedureId}")]
    private partial void LogCreated(string draftId, string procedureId);
}
