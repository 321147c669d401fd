using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;
using Serverless.Platform.Http;

namespace Serverless.Core.Drafts;

/// <summary>
/// Sends a draft from « Vérifier vos réponses »: checked whole by the submission's validator, then filed through
/// <see cref="ApplicationIntake.FileAsync"/> with the draft's id as idempotency key, so it is filed once.
/// </summary>
public sealed partial class DraftSubmission(
    DraftStore drafts,
    SubmissionValidator validator,
    ApplicationIntake intake,
    IntakeAnswers answers,
    EmailOutbox outbox,
    CitizenAccounts.CitizenFormIdentity citizenIdentity,
    CitizenAccounts.CitizenApplications citizenApplications,
    ILogger<DraftSubmission> logger)
{
    public async Task<IActionResult> SubmitAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(draft);
        var submission = await DraftForm.ToSubmissionAsync(procedure, draft.Values, draft.Attachments, drafts, cancellationToken);
        var result = validator.Validate(procedure, submission, commune.PostalCodes);

        // FranceConnect, as for a one-page form: the session at the moment of sending vouches for the identity fields.
        var identity = await citizenIdentity.CheckAsync(request, procedure, draft.Values, cancellationToken);
        if (identity.SignInMissing)
        {
            return DraftSignIn.Required(language, commune);
        }

        if (!result.IsValid || identity.Changed.Count > 0)
        {
            var errors = identity.Changed.Concat(result.Errors.Where(error => identity.Changed.All(changed => changed.Field != error.Field))).ToList();
            return PageResults.Page(400, CheckAnswersPage.Render(procedure, commune, draft, errors, token, language, null));
        }

        var verified = identity.Sub is { } sub ? new Applications.VerifiedIdentity(sub, identity.VerifiedFields) { Notes = identity.Notes } : null;
        var outcome = await intake.FileAsync(procedure, commune, result, language, "draft:" + draft.DraftId, cancellationToken, verified);
        if (outcome is IntakeOutcome.Filed { Reference: var reference } filed)
        {
            if (verified is not null)
            {
                // "Mes démarches" lists the application (before the draft leaves it: a crash between shows both, never neither).
                await citizenApplications.AddAsync(verified.Sub, reference, procedure.Id, filed.ReceivedAt, cancellationToken);
            }

            // Filed: the application has its own copies of the values, files and address. The draft keeps only the
            // reference (a replayed "send" finds it) until the sweeper deletes it at expiry; its resume e-mail's
            // outbox rows, which hold the address, go now.
            var blobs = draft.Attachments.Select(attachment => attachment.BlobName).ToList();
            await drafts.ForgetForCitizenAsync(draft, cancellationToken);
            draft.CitizenSub = null;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} sent as application {Reference}")]
    private partial void LogSubmitted(string draftId, string reference);
}
